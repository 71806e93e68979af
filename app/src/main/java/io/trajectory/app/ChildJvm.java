package io.trajectory.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a small helper JVM on this JVM's class path: the benchmark's load generator,
 * and the app itself where a test must kill it for real.
 */
public final class ChildJvm {

    private ChildJvm() {
    }

    /** {@code java -Xms64m -Xmx512m -XX:+UseSerialGC -cp <this class path> <main>}; append the arguments. */
    public static List<String> command(Class<?> main) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xms64m");
        command.add("-Xmx512m");
        command.add("-XX:+UseSerialGC");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        return command;
    }
}
