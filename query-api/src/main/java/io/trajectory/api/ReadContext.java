package io.trajectory.api;

import io.javalin.http.Context;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * How one query may be answered, and how it was. Made per request from its headers and its
 * {@code after} parameter; the queries record in it whether a standby copy answered, with what lag,
 * and the resource turns that into response headers.
 *
 * <ul>
 *   <li>{@link Hop#CLIENT}: a request from a client; a key owned elsewhere is forwarded.</li>
 *   <li>{@link Hop#ACTIVE}: forwarded here as the active copy's host; answered here (active, else a local standby,
 *       else 503), never forwarded again.</li>
 *   <li>{@link Hop#STANDBY}: forwarded here because the active copy did not answer; answered from any local copy.</li>
 *   <li>{@link Hop#FANOUT}: an internal request for this instance's partitions of a listing or an analytics scan.</li>
 * </ul>
 */
public final class ReadContext {

    /** Marks a request forwarded by another instance (value: a {@link Hop} name); such a request is never forwarded again. */
    public static final String FORWARDED_HEADER = "Trajectory-Forwarded";
    /** On an answer from a standby copy: how many changelog records that copy is behind the active one. */
    public static final String STALENESS_HEADER = "Trajectory-Staleness";
    /** Which copy answered: {@code active} or {@code standby}. */
    public static final String REPLICA_HEADER = "Trajectory-Replica";
    /** The instance ({@code host:port}) whose store copy answered. */
    public static final String SERVED_BY_HEADER = "Trajectory-Served-By";
    /** The read-your-writes parameter. */
    public static final String AFTER_PARAM = "after";

    public enum Hop { CLIENT, ACTIVE, STANDBY, FANOUT }

    private final Hop hop;
    private final Optional<PositionToken> after;
    private final Optional<String> authorization;
    private volatile boolean standby;
    private volatile String servedBy;
    private volatile long lag;

    public ReadContext(Hop hop, Optional<PositionToken> after, Optional<String> authorization) {
        this.hop = hop;
        this.after = after;
        this.authorization = authorization;
    }

    /** A client request with no token (tests, the dashboard's own reads). */
    public static ReadContext client() {
        return new ReadContext(Hop.CLIENT, Optional.empty(), Optional.empty());
    }

    /** From the request; a malformed {@code after} or forwarding header adds an error to {@code errors}. */
    public static ReadContext of(Context ctx, List<Map<String, Object>> errors) {
        Hop hop = Hop.CLIENT;
        String forwarded = ctx.header(FORWARDED_HEADER);
        if (forwarded != null) {
            try {
                hop = Hop.valueOf(forwarded.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                errors.add(QueryParams.error(FORWARDED_HEADER, "must be one of active, standby, fanout"));
            }
        }
        Optional<PositionToken> after = Optional.empty();
        String raw = ctx.queryParam(AFTER_PARAM);
        if (raw != null) {
            try {
                after = Optional.of(PositionToken.decode(raw));
            } catch (IllegalArgumentException e) {
                errors.add(QueryParams.error(AFTER_PARAM, e.getMessage()));
            }
        }
        return new ReadContext(hop, after, Optional.ofNullable(ctx.header("Authorization")));
    }

    public Hop hop() {
        return hop;
    }

    /** May this instance forward the request (it came from a client)? */
    public boolean mayForward() {
        return hop == Hop.CLIENT;
    }

    public Optional<PositionToken> after() {
        return after;
    }

    /**
     * The request's Authorization header: a client's, which goes along unchanged when its person request is
     * forwarded to the instance holding the person (never on the internal fan-out, which is signed with the
     * cluster secret instead).
     */
    public Optional<String> authorization() {
        return authorization;
    }

    /** Records that the active copy on {@code instance} answered. */
    public void answeredByActive(String instance) {
        this.servedBy = instance;
    }

    /** Records that a standby copy on {@code instance} answered, {@code lag} changelog records behind. */
    public void answeredByStandby(String instance, long lag) {
        this.servedBy = instance;
        answeredByStandby(lag);
    }

    /** Records that a standby copy answered, {@code lag} changelog records behind. */
    public void answeredByStandby(long lag) {
        this.lag = Math.max(this.lag, lag);
        this.standby = true;
    }

    public boolean byStandby() {
        return standby;
    }

    public OptionalLong staleness() {
        return standby ? OptionalLong.of(lag) : OptionalLong.empty();
    }

    /** Sets the replica (and staleness) headers of the answer. */
    void applyTo(Context ctx) {
        if (servedBy != null) {
            ctx.header(SERVED_BY_HEADER, servedBy);
            ctx.header(REPLICA_HEADER, standby ? "standby" : "active");
        }
        if (standby) {
            ctx.header(REPLICA_HEADER, "standby");
            ctx.header(STALENESS_HEADER, Long.toString(lag));
        }
    }
}
