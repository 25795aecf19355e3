package dev.copycost.strategy;

import dev.copycost.nativeio.ZeroCopySupport;
import dev.copycost.uring.UringSupport;
import java.util.Optional;

/**
 * Whether a strategy can run on this machine, from the probes that really try (each found once):
 * {@code zerocopy} needs SO_ZEROCOPY, {@code uring-send} and {@code uring-zc} a working io_uring with
 * their opcode. A strategy that cannot run is skipped with the probe's reason, never failed.
 */
public final class StrategySupport {
    private StrategySupport() {
    }

    /** Why {@code strategy} cannot run here, or empty if it can. */
    public static Optional<String> unavailable(StrategyName strategy) {
        switch (strategy) {
            case ZEROCOPY: {
                ZeroCopySupport zc = ZeroCopySupport.probe();
                return zc.isAvailable() ? Optional.empty() : Optional.of("zero-copy is not available: " + zc.reason());
            }
            case URING_SEND:
            case URING_ZC: {
                UringSupport.Availability a = strategy == StrategyName.URING_SEND ? UringSupport.probe().send()
                        : UringSupport.probe().zeroCopy();
                return a.available() ? Optional.empty() : Optional.of(strategy.label() + " is not available: " + a.reason());
            }
            default:
                return Optional.empty();
        }
    }
}
