package dev.ganforge.trainer.data;

import java.util.stream.IntStream;

/**
 * Which samples are held out when a dataset ships no separate test files: one in six, chosen by a fixed hash
 * of the sample index. Deliberately independent of any training seed, so that no seed can ever move a
 * held-out image into training, and every run on the same files evaluates on the same images.
 */
public final class HeldOutRule {

    /** One sample in {@value} is held out. */
    public static final int ONE_IN = 6;

    private HeldOutRule() {
    }

    public static boolean isHeldOut(int index) {
        return Long.remainderUnsigned(mix(index), ONE_IN) == 0;
    }

    public static int[] trainIndices(int n) {
        return IntStream.range(0, n).filter(i -> !isHeldOut(i)).toArray();
    }

    public static int[] heldOutIndices(int n) {
        return IntStream.range(0, n).filter(HeldOutRule::isHeldOut).toArray();
    }

    public static int heldOutCount(int n) {
        return (int) IntStream.range(0, n).filter(HeldOutRule::isHeldOut).count();
    }

    /** SplitMix64's finaliser: spreads consecutive indices uniformly. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
