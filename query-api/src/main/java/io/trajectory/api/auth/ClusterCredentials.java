package io.trajectory.api.auth;

import io.trajectory.api.ApiProblem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The credential instances use on each other's internal endpoints, which no client holds: every internal
 * request is signed with the <b>cluster secret</b>, HMAC-SHA256 over its method, path and query, a
 * timestamp and a random nonce, sent as
 * {@code Authorization: Trajectory-Cluster ts=<epoch ms>,nonce=<base64url>,sig=<base64url>}.
 *
 * <p>The receiving instance accepts a request when the signature matches one of its secrets (compared in
 * constant time), the timestamp is within {@link #WINDOW} of its own clock, and the nonce was not seen
 * before within that window (a captured request cannot be replayed, neither later nor at once). Several
 * secrets may be in force at once: the first signs, every one is accepted, so a secret is rotated without
 * downtime (add the new one second, then first, then remove the old one). The secrets come from the
 * setting {@code cluster.secret} (comma-separated), or from {@code cluster.secret.file} (one per line,
 * re-read when the file changes), or, when neither is set, one random secret made at start (a lone
 * instance never calls another). Nothing here logs a secret or a signature.
 */
public final class ClusterCredentials {

    /** The authentication scheme of a signed internal request. */
    public static final String SCHEME = "Trajectory-Cluster";
    /** The challenge of a 401 on an internal endpoint. */
    public static final String CHALLENGE = SCHEME + " realm=\"trajectory-internal\"";
    /** How far a request's timestamp may be from the receiver's clock, either way. */
    public static final Duration WINDOW = Duration.ofSeconds(30);
    /** The shortest secret accepted (characters): a secret is a key, not a password. */
    public static final int MIN_SECRET_LENGTH = 32;

    private static final Logger log = LoggerFactory.getLogger(ClusterCredentials.class);
    private static final String VERSION = "trajectory-cluster-v1";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration FILE_CHECK_INTERVAL = Duration.ofSeconds(1);
    /** More remembered nonces than this and the expired ones are dropped (only correctly signed requests add one). */
    private static final int NONCE_PRUNE_THRESHOLD = 10_000;

    private final Supplier<List<byte[]>> secrets;
    private final boolean generated;
    private final Clock clock;
    private final Map<String, Long> nonces = new ConcurrentHashMap<>();

    private ClusterCredentials(Supplier<List<byte[]>> secrets, boolean generated, Clock clock) {
        this.secrets = secrets;
        this.generated = generated;
        this.clock = clock;
    }

    /** One random secret, known only to this process: for a lone instance (the demo, tests). */
    public static ClusterCredentials random() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        List<byte[]> one = List.of(Base64.getUrlEncoder().withoutPadding().encodeToString(secret).getBytes(StandardCharsets.UTF_8));
        return new ClusterCredentials(() -> one, true, Clock.systemUTC());
    }

    /**
     * These secrets, the first of which signs.
     *
     * @throws IllegalArgumentException when there is none or one is shorter than {@link #MIN_SECRET_LENGTH}
     */
    public static ClusterCredentials of(List<String> secrets) {
        List<byte[]> checked = check(secrets, "cluster.secret");
        return new ClusterCredentials(() -> checked, false, Clock.systemUTC());
    }

    /**
     * The secrets in a file, one per line (blank lines and lines starting with {@code #} ignored; the first
     * signs), re-read at most once a second when its modification time or size changed. A change that cannot
     * be read or holds no valid secret is refused with a warning, and the secrets read before stay in force.
     *
     * @throws IllegalArgumentException when the file cannot be read now or holds no valid secret
     */
    public static ClusterCredentials file(Path file) {
        SecretFile source = new SecretFile(file, Clock.systemUTC());
        return new ClusterCredentials(source::current, false, Clock.systemUTC());
    }

    /**
     * From the settings {@code cluster.secret} and {@code cluster.secret.file} (at most one of them set); when
     * neither is, a random secret ({@link #random()}).
     *
     * @throws IllegalArgumentException when both are set, or the one set is not usable
     */
    public static ClusterCredentials fromSettings(String secretSetting, String fileSetting) {
        boolean hasSecret = secretSetting != null && !secretSetting.isBlank();
        boolean hasFile = fileSetting != null && !fileSetting.isBlank();
        if (hasSecret && hasFile) {
            throw new IllegalArgumentException("set cluster.secret or cluster.secret.file, not both");
        }
        if (hasFile) {
            return file(Path.of(fileSetting.strip()));
        }
        if (hasSecret) {
            List<String> secrets = new ArrayList<>();
            for (String s : secretSetting.split(",")) {
                if (!s.isBlank()) {
                    secrets.add(s.strip());
                }
            }
            return of(secrets);
        }
        return random();
    }

    /** The same secrets, read against another clock (tests of the validity window). */
    ClusterCredentials withClock(Clock other) {
        return new ClusterCredentials(secrets, generated, other);
    }

    /** True when no secret was configured and this one was made at start. */
    public boolean generated() {
        return generated;
    }

    /** The {@code Authorization} header value of one internal request, signed with the current (first) secret. */
    public String sign(String method, String pathAndQuery) {
        long ts = clock.millis();
        byte[] nonceBytes = new byte[16];
        RANDOM.nextBytes(nonceBytes);
        String nonce = Base64.getUrlEncoder().withoutPadding().encodeToString(nonceBytes);
        byte[] sig = mac(secrets.get().get(0), payload(method, pathAndQuery, ts, nonce));
        return SCHEME + " ts=" + ts + ",nonce=" + nonce + ",sig=" + Base64.getUrlEncoder().withoutPadding().encodeToString(sig);
    }

    /**
     * Checks a request to an internal endpoint.
     *
     * @param method        the request's method
     * @param pathAndQuery  its path and query, exactly as received (not decoded)
     * @param authorization its {@code Authorization} header, null when absent
     * @throws ApiProblem 401 with {@code WWW-Authenticate: Trajectory-Cluster} unless it is a fresh request signed
     *     with one of this instance's secrets
     */
    public void verify(String method, String pathAndQuery, String authorization) {
        if (authorization == null || authorization.isBlank() || !authorization.strip().startsWith(SCHEME + " ")) {
            throw refused("internal endpoints answer only other Trajectory instances, with a request signed with the cluster"
                    + " secret; API keys are not accepted here, whatever their role");
        }
        Map<String, String> params = params(authorization.strip().substring(SCHEME.length() + 1));
        String nonce = params.get("nonce");
        Optional<byte[]> sig = decode(params.get("sig"));
        long ts;
        try {
            ts = Long.parseLong(String.valueOf(params.get("ts")));
        } catch (NumberFormatException e) {
            throw refused("the cluster signature is malformed");
        }
        if (nonce == null || nonce.isEmpty() || nonce.length() > 64 || sig.isEmpty()) {
            throw refused("the cluster signature is malformed");
        }
        long now = clock.millis();
        if (Math.abs(now - ts) > WINDOW.toMillis()) {
            throw refused("the signed request is older than " + WINDOW.toSeconds() + " s or from the future; are the"
                    + " instances' clocks more than " + WINDOW.toSeconds() + " s apart?");
        }
        byte[] payload = payload(method, pathAndQuery, ts, nonce);
        boolean matches = false;
        for (byte[] secret : secrets.get()) {
            matches |= MessageDigest.isEqual(mac(secret, payload), sig.get()); // every secret tried: no early exit
        }
        if (!matches) {
            throw refused("the signature matches no cluster secret of this instance: the instances do not share"
                    + " cluster.secret (or cluster.secret.file)");
        }
        if (nonces.putIfAbsent(nonce, ts + WINDOW.toMillis()) != null) {
            throw refused("this signed request was already received once (a replay)");
        }
        if (nonces.size() > NONCE_PRUNE_THRESHOLD) {
            nonces.values().removeIf(expiry -> expiry < now - WINDOW.toMillis());
        }
    }

    private static byte[] payload(String method, String pathAndQuery, long ts, String nonce) {
        return (VERSION + "\n" + method + "\n" + pathAndQuery + "\n" + ts + "\n" + nonce).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] mac(byte[] secret, byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(payload);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static Map<String, String> params(String value) {
        Map<String, String> out = new HashMap<>();
        for (String part : value.split(",")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                out.put(part.substring(0, eq).strip(), part.substring(eq + 1).strip());
            }
        }
        return out;
    }

    private static Optional<byte[]> decode(String b64) {
        if (b64 == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Base64.getUrlDecoder().decode(b64));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static ApiProblem refused(String detail) {
        return ApiProblem.of(401, "unauthenticated", "Unauthenticated", detail).withHeader("WWW-Authenticate", CHALLENGE);
    }

    private static List<byte[]> check(List<String> secrets, String source) {
        Objects.requireNonNull(secrets, "secrets");
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException(source + " holds no secret");
        }
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < secrets.size(); i++) {
            String s = secrets.get(i);
            if (s.length() < MIN_SECRET_LENGTH) {
                throw new IllegalArgumentException("secret " + (i + 1) + " of " + source + " is " + s.length()
                        + " characters long; a cluster secret needs at least " + MIN_SECRET_LENGTH
                        + " (e.g. openssl rand -base64 32)");
            }
            out.add(s.getBytes(StandardCharsets.UTF_8));
        }
        return List.copyOf(out);
    }

    /** The secrets of a file, re-read when it changes. */
    private static final class SecretFile {
        private final Path file;
        private final Clock clock;
        private volatile List<byte[]> current;
        private volatile long checkedAt;
        private volatile String stamp;

        SecretFile(Path file, Clock clock) {
            this.file = file;
            this.clock = clock;
            String now = stamp();
            this.current = read();
            this.stamp = now;
            this.checkedAt = clock.millis();
        }

        List<byte[]> current() {
            long now = clock.millis();
            if (now - checkedAt >= FILE_CHECK_INTERVAL.toMillis()) {
                synchronized (this) {
                    if (now - checkedAt >= FILE_CHECK_INTERVAL.toMillis()) {
                        checkedAt = now;
                        reloadIfChanged();
                    }
                }
            }
            return current;
        }

        private void reloadIfChanged() {
            String seen;
            try {
                seen = stamp();
            } catch (IllegalArgumentException e) {
                log.warn("cannot read the cluster secret file {}; the secrets read before stay in force: {}", file, e.getMessage());
                return;
            }
            if (seen.equals(stamp)) {
                return;
            }
            try {
                List<byte[]> read = read();
                current = read;
                stamp = seen;
                log.info("cluster secret file {} re-read: {} secret(s) in force", file, read.size());
            } catch (IllegalArgumentException e) {
                stamp = seen; // warn once per change, not every second
                log.warn("the changed cluster secret file {} is not usable; the secrets read before stay in force: {}", file,
                        e.getMessage());
            }
        }

        private String stamp() {
            try {
                return Files.getLastModifiedTime(file).toMillis() + ":" + Files.size(file);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read cluster.secret.file " + file + ": " + e.getMessage());
            }
        }

        private List<byte[]> read() {
            List<String> lines;
            try {
                lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read cluster.secret.file " + file + ": " + e.getMessage());
            }
            List<String> secrets = lines.stream().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
            return check(secrets, "cluster.secret.file " + file);
        }
    }
}
