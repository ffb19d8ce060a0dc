package dev.jgrad.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WorkersTest {
    @AfterEach
    void automatic() {
        Workers.sharing = Workers.Sharing.AUTO;
    }

    /** The pieces forRange hands out, as "from-to", sorted. */
    private static Set<String> pieces(int n, int grain) {
        Set<String> seen = ConcurrentHashMap.newKeySet();
        Workers.forRange(n, grain, (from, to) -> seen.add(from + "-" + to));
        return new TreeSet<>(seen);
    }

    @Test
    void forRangeCutsAtMultiplesOfTheGrainWhoeverRunsThePieces() {
        Set<String> expected = new TreeSet<>(List.of("0-3000", "3000-6000", "6000-9000", "9000-10000"));
        Workers.sharing = Workers.Sharing.NEVER;
        assertEquals(expected, pieces(10_000, 3000));
        Workers.sharing = Workers.Sharing.ALWAYS;
        assertEquals(expected, pieces(10_000, 3000));
    }

    @Test
    void sharedPiecesRunOnTheHelpersToo() {
        assumeTrue(Workers.THREADS > 1, "one core: there are no helpers");
        Workers.sharing = Workers.Sharing.ALWAYS;
        long before = Workers.sharedJobs();
        Set<String> threads = ConcurrentHashMap.newKeySet();
        Workers.forRange(16, 1, (from, to) -> {
            threads.add(Thread.currentThread().getName());
            sleep();
        });
        assertEquals(before + 1, Workers.sharedJobs());
        assertTrue(threads.contains("jgrad-worker"), "pieces ran on " + threads);
        assertTrue(threads.contains(Thread.currentThread().getName()), "pieces ran on " + threads);
    }

    @Test
    void aSmallLoopRunsOnItsCallerAlone() {
        Set<String> threads = ConcurrentHashMap.newKeySet();
        long before = Workers.sharedJobs();
        Workers.forRange(Workers.MIN_ELEMENTS - 1, 1024, (from, to) -> threads.add(Thread.currentThread().getName()));
        assertEquals(Set.of(Thread.currentThread().getName()), threads);
        assertEquals(before, Workers.sharedJobs());
    }

    @Test
    void aFailingPieceReachesTheCallerWhenShared() {
        assumeTrue(Workers.THREADS > 1, "one core: there are no helpers");
        Workers.sharing = Workers.Sharing.ALWAYS;
        assertFailureReachesTheCaller();
        // The helpers are free again for the next job.
        long before = Workers.sharedJobs();
        pieces(10, 1);
        assertEquals(before + 1, Workers.sharedJobs());
    }

    @Test
    void aFailingPieceReachesTheCallerOnOneThread() {
        Workers.sharing = Workers.Sharing.NEVER;
        assertFailureReachesTheCaller();
    }

    private static void assertFailureReachesTheCaller() {
        Workers.IntRangeBody failsAt11 = (from, to) -> {
            sleep();
            if (from == 11) {
                throw new IllegalStateException("piece 11 failed");
            }
        };
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Workers.forRange(16, 1, failsAt11));
        assertEquals("piece 11 failed", e.getMessage());
    }

    @Test
    void aGrainBelowOneIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Workers.forRange(10, 0, (from, to) -> { }));
        assertEquals("forRange: grain 0 is not positive", e.getMessage());
    }

    /** Long enough that a helper, however slowly it wakes, takes some of sixteen pieces. */
    private static void sleep() {
        try {
            Thread.sleep(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
