package dev.ganforge.service.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ShardingTest {

    @Test
    void automaticShardingGivesEachShardItsShareOfTheCores() {
        assertEquals(new Sharding(2, 1, 8), Sharding.of(0, 8, 2), "one shard per core");
        assertEquals(new Sharding(4, 4, 8), Sharding.of(0, 8, 16), "at most 4 automatic shards, cores shared out");
        assertFalse(Sharding.of(0, 8, 1).enabled(), "a single core has nothing to shard across");
        assertFalse(Sharding.of(1, 8, 8).enabled(), "1 turns sharding off");
        assertEquals(new Sharding(3, 2, 4), Sharding.of(3, 4, 6));
        assertThrows(IllegalArgumentException.class, () -> Sharding.of(-1, 8, 2));
        assertThrows(IllegalArgumentException.class, () -> Sharding.of(2, 1, 2));
        Sharding three = new Sharding(3, 1, 2);
        assertEquals(64, IntStream.range(0, 3).map(i -> three.sliceSize(64, i)).sum());
        assertEquals(22, three.sliceSize(64, 0));
        assertEquals(21, three.sliceSize(64, 2));
    }
}
