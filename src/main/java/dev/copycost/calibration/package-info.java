/**
 * Calibration: how much of a figure is the harness (the JVM, JNA, copycost's receiver) rather than
 * the kernel, and whether the figures agree with a tool people already trust. copycost's own path
 * is measured in alternating pairs against references that do the same, or nearly the same, work
 * outside the JVM: {@link dev.copycost.calibration.CTwin} (copycost's workload in C, compiled at run
 * time) and {@link dev.copycost.calibration.Iperf3}. {@link dev.copycost.calibration.PairedCalibration}
 * runs the pairs and gives each ratio its 95% interval; {@link dev.copycost.calibration.CalibrationCsv}
 * keeps the rows for the report.
 */
package dev.copycost.calibration;
