package dev.copycost.cli;

import dev.copycost.counters.CounterAvailability;
import dev.copycost.nativeio.ZeroCopySupport;
import dev.copycost.uring.UringSupport;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code probe}: what this machine offers, found by trying: zero-copy and each perf counter. */
@Command(name = "probe", mixinStandardHelpOptions = true,
        description = "Says whether SO_ZEROCOPY and io_uring's SENDMSG and SENDMSG_ZC work and which perf counters "
                + "can be read here, and why not.")
final class ProbeCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.out.println("zero-copy: " + ZeroCopySupport.probe());
        UringSupport uring = UringSupport.probe();
        System.out.println("io_uring uring-send: " + uring.send());
        System.out.println("io_uring uring-zc: " + uring.zeroCopy());
        System.out.println("io_uring ring setup for one thread (SINGLE_ISSUER, DEFER_TASKRUN): " + uring.singleIssuer());
        CounterAvailability counters = CounterAvailability.probe();
        System.out.println("perf_event_paranoid: " + counters.perfEventParanoid());
        System.out.println("counters: " + counters.summary());
        return CopycostCli.EXIT_OK;
    }
}
