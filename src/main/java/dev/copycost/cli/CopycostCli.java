package dev.copycost.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * {@code java -jar target/copycost.jar}: the command-line entry (run, probe, receive). Exit codes: 0 ok, 1 the experiment
 * failed (integrity, accounting, a lost peer), 2 bad usage.
 */
@Command(name = "copycost", mixinStandardHelpOptions = true, version = "copycost 0.1.0",
        description = "Measures what it costs to move data through a TCP send on Linux.",
        subcommands = {RunCommand.class, ProbeCommand.class, ReceiveCommand.class})
public final class CopycostCli implements Runnable {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILED = 1;
    public static final int EXIT_USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit code (tests call this, not main). */
    public static int execute(String... args) {
        return new CommandLine(new CopycostCli()).execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command: run, probe or receive");
    }
}
