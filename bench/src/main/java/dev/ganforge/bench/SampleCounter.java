package dev.ganforge.bench;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Samples generated, reported by JMH next to the operation rate as {@code <benchmark>:samples} in samples/s:
 * one operation is a whole batch, but throughput is compared across batch sizes in samples.
 * JMH reports auxiliary counters in Throughput mode only.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class SampleCounter {

    public long samples;

    @Setup(Level.Iteration)
    public void reset() {
        samples = 0;
    }
}
