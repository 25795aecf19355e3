/**
 * io_uring from Java through the raw system calls: {@link dev.copycost.uring.UringNative} (the only
 * class that makes native calls), {@link dev.copycost.uring.Ring} (owns one ring: its fd and its
 * three mappings), the submission and completion queues over those mappings, and
 * {@link dev.copycost.uring.UringSupport} (the probe that decides whether the io_uring strategies run).
 * Knows nothing of messages or experiments.
 */
package dev.copycost.uring;
