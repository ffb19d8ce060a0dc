package dev.jgrad.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RandomStreamTest extends SampleRuns {
    @Test
    void streamKIsSeededWithTheKPlusFirstLongOfASplittableRandom() {
        SplittableRandom mixer = new SplittableRandom(42);
        for (RandomStream stream : RandomStream.values()) {
            assertEquals(new Random(mixer.nextLong()).nextLong(), stream.from(42).nextLong(), stream.name());
        }
    }

    @Test
    void everyPurposeDrawsItsOwnSequence() {
        Set<Long> firstDraws = new HashSet<>();
        for (RandomStream stream : RandomStream.values()) {
            firstDraws.add(stream.from(1).nextLong());
        }
        assertEquals(RandomStream.values().length, firstDraws.size());
    }

    @Test
    void aStreamIsAFunctionOfTheSeed() {
        assertEquals(RandomStream.SHUFFLE.from(5).nextLong(), RandomStream.SHUFFLE.from(5).nextLong());
        assertNotEquals(RandomStream.SHUFFLE.from(5).nextLong(), RandomStream.SHUFFLE.from(6).nextLong());
    }

    /** A stream that records every value it hands out. */
    private static final class Recording extends Random {
        private final Random source;
        final List<Integer> draws = new ArrayList<>();

        Recording(Random source) {
            this.source = source;
        }

        @Override
        protected int next(int bits) {
            int value = source.nextInt() >>> (32 - bits);
            draws.add(value);
            return value;
        }
    }

    /** What each stream handed out during one epoch of digits with the given hidden layer. */
    private Map<RandomStream, List<Integer>> drawsOfDigits(String hidden) {
        Map<RandomStream, Recording> streams = new EnumMap<>(RandomStream.class);
        Digits digits = configure(new Digits(), "--epochs", "1", "--hidden", hidden, "--seed", "3")
                .sample;
        digits.streams = stream -> streams.computeIfAbsent(stream, s -> new Recording(s.from(3)));
        digits.run();
        Map<RandomStream, List<Integer>> draws = new EnumMap<>(RandomStream.class);
        streams.forEach((stream, recording) -> draws.put(stream, recording.draws));
        return draws;
    }

    @Test
    void wideningAHiddenLayerLeavesTheBatchesAlone() {
        Map<RandomStream, List<Integer>> narrow = drawsOfDigits("8");
        Map<RandomStream, List<Integer>> wide = drawsOfDigits("64");
        // one permutation of the 1438 training images draws at least 1437 times
        assertTrue(narrow.get(RandomStream.SHUFFLE).size() >= 1437, "" + narrow.get(RandomStream.SHUFFLE).size());
        assertEquals(narrow.get(RandomStream.SHUFFLE), wide.get(RandomStream.SHUFFLE));
        // while the wider layer does draw more initial weights; a dropout layer takes one seed for its masks,
        // whatever its width
        assertTrue(wide.get(RandomStream.INIT).size() > narrow.get(RandomStream.INIT).size());
        assertFalse(narrow.get(RandomStream.DROPOUT).isEmpty());
        assertEquals(narrow.get(RandomStream.DROPOUT), wide.get(RandomStream.DROPOUT));
    }
}
