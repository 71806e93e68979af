package io.trajectory.app.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway certificate authority for the security integration tests, made with the JDK's own
 * {@code keytool}: a CA, a truststore holding its certificate, and PKCS12 keystores of identities
 * (the broker, the app, other clients) whose certificates the CA signed. Every certificate is valid for
 * two days, for {@code 127.0.0.1} and {@code localhost}; the subject is {@code CN=<name>}, so the broker
 * sees a mutual-TLS client as principal {@code User:CN=<name>}.
 */
public final class TestPki {

    /** The password of every store and key here (throwaway material, made per test run). */
    public static final String PASSWORD = "test-store-pw";

    private final Path dir;
    private final Path caStore;
    private final Path caCert;
    private final Path truststore;

    private TestPki(Path dir) {
        this.dir = dir;
        this.caStore = dir.resolve("ca.p12");
        this.caCert = dir.resolve("ca.pem");
        this.truststore = dir.resolve("truststore.p12");
    }

    /** Makes the CA and the truststore in {@code dir}. */
    public static TestPki create(Path dir) {
        TestPki pki = new TestPki(dir);
        pki.keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=trajectory-test-ca",
                "-ext", "bc:c", "-validity", "2", "-keystore", pki.caStore.toString(), "-storetype", "PKCS12",
                "-storepass", PASSWORD, "-keypass", PASSWORD);
        pki.keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", pki.caStore.toString(), "-storepass", PASSWORD,
                "-file", pki.caCert.toString());
        pki.keytool("-importcert", "-noprompt", "-alias", "ca", "-file", pki.caCert.toString(),
                "-keystore", pki.truststore.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD);
        return pki;
    }

    /** A PKCS12 keystore holding {@code CN=name}'s key and its CA-signed certificate chain. */
    public Path keystore(String name) {
        Path store = dir.resolve(name + ".p12");
        if (Files.exists(store)) {
            return store;
        }
        Path csr = dir.resolve(name + ".csr");
        Path cert = dir.resolve(name + ".pem");
        keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
                "-validity", "2", "-keystore", store.toString(), "-storetype", "PKCS12",
                "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool("-certreq", "-alias", name, "-keystore", store.toString(), "-storepass", PASSWORD, "-file", csr.toString());
        keytool("-gencert", "-rfc", "-alias", "ca", "-keystore", caStore.toString(), "-storepass", PASSWORD,
                "-infile", csr.toString(), "-outfile", cert.toString(), "-validity", "2",
                "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-ext", "KU=digitalSignature,keyAgreement",
                "-ext", "EKU=serverAuth,clientAuth");
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", caCert.toString(),
                "-keystore", store.toString(), "-storepass", PASSWORD);
        keytool("-importcert", "-noprompt", "-alias", name, "-file", cert.toString(),
                "-keystore", store.toString(), "-storepass", PASSWORD);
        return store;
    }

    /** The truststore (PKCS12) holding the CA certificate. */
    public Path truststore() {
        return truststore;
    }

    /** Client (or broker) settings that trust the CA: {@code ssl.truststore.*}. */
    public Map<String, String> trustSettings() {
        return Map.of("ssl.truststore.location", truststore.toString(), "ssl.truststore.type", "PKCS12",
                "ssl.truststore.password", PASSWORD);
    }

    /** Settings that present {@code name}'s certificate: {@code ssl.keystore.*} and {@code ssl.key.password}. */
    public Map<String, String> keySettings(String name) {
        return Map.of("ssl.keystore.location", keystore(name).toString(), "ssl.keystore.type", "PKCS12",
                "ssl.keystore.password", PASSWORD, "ssl.key.password", PASSWORD);
    }

    private void keytool(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("keytool did not finish within 60 s: " + command);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("keytool failed (exit " + process.exitValue() + "): " + args[0] + ": " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
