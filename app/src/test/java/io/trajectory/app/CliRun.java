package io.trajectory.app;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import picocli.CommandLine;

/** One {@code ./trajectory} command run in-process, with what it printed to standard output and error. */
public record CliRun(int exitCode, String out, String err) {

    /** Runs {@code trajectory ARGS...} through the same command line as {@code main}. */
    public static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = TrajectoryMain.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    public List<String> errLines() {
        return err.lines().toList();
    }
}
