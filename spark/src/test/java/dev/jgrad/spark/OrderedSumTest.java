package dev.jgrad.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OrderedSumTest {
    /** Partition {@code p}'s contribution: values whose sum depends on the order of addition. */
    private static Contribution part(int p) {
        Random rng = new Random(p);
        double[] v = new double[16];
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.scalb(rng.nextDouble() - 0.5, rng.nextInt(60) - 30);
        }
        return new Contribution(p, v, new double[] {p}, 1, p * 0.1, 1.0 / (p + 3), p + 1, null);
    }

    /** The sum of {@code partitions} contributions arriving in a random order, in random groups, merged at random. */
    private static Contribution shuffled(int partitions, long seed) {
        Random rng = new Random(seed);
        List<Integer> order = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            order.add(p);
        }
        Collections.shuffle(order, rng);
        List<OrderedSum> groups = new ArrayList<>();
        for (int p : order) {
            if (groups.isEmpty() || rng.nextInt(3) == 0) {
                groups.add(new OrderedSum(partitions));
            }
            groups.get(rng.nextInt(groups.size())).add(part(p));
        }
        while (groups.size() > 1) {
            OrderedSum a = groups.remove(rng.nextInt(groups.size()));
            OrderedSum b = groups.remove(rng.nextInt(groups.size()));
            groups.add(a.merge(b));
        }
        return groups.get(0).total();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 7, 16, 33})
    void anyArrivalOrderAndGroupingGivesTheSameBits(int partitions) {
        Contribution first = shuffled(partitions, 0);
        for (long seed = 1; seed < 20; seed++) {
            Contribution other = shuffled(partitions, seed);
            assertArrayEquals(first.values(), other.values(), 0.0);
            assertArrayEquals(first.buffers(), other.buffers(), 0.0);
            assertEquals(first.loss, other.loss, 0.0);
            assertEquals(first.count, other.count);
        }
        assertEquals((long) partitions * (partitions + 1) / 2, first.count);
    }

    @org.junit.jupiter.api.Test
    void fourPartitionsAddAsTwoPairs() {
        Contribution[] c = {part(0), part(1), part(2), part(3)};
        double[] expected = new double[16];
        double[] inOrder = new double[16];
        for (int i = 0; i < 16; i++) {
            expected[i] = (c[0].values()[i] + c[1].values()[i]) + (c[2].values()[i] + c[3].values()[i]);
            inOrder[i] = ((c[0].values()[i] + c[1].values()[i]) + c[2].values()[i]) + c[3].values()[i];
        }
        assertArrayEquals(expected, shuffled(4, 5).values(), 0.0);
        assertNotEquals(java.util.Arrays.toString(inOrder), java.util.Arrays.toString(expected),
                "the data tells the two orders apart");
    }

    @org.junit.jupiter.api.Test
    void theFirstProblemInPartitionOrderWinsAndAMissingPartitionIsNamed() {
        OrderedSum sum = new OrderedSum(3).add(Contribution.failed(2, "late")).add(part(0))
                .add(Contribution.failed(1, "early"));
        assertEquals("early", sum.total().problem);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new OrderedSum(3).add(part(0)).total());
        assertEquals("OrderedSum: 1 subtotals of 3 partitions are still waiting for their siblings", e.getMessage());
    }

    private static int bytes(Contribution c) throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(c);
        }
        return bytes.size();
    }

    /** A contribution sent and received as Spark sends it, by Java serialisation. */
    private static Contribution roundTrip(Contribution c) throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(c);
        }
        try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(
                new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            return (Contribution) in.readObject();
        }
    }

    @org.junit.jupiter.api.Test
    void floatValuesTravelAsFloatsAndComeBackScaledExactly() throws Exception {
        double[] floats = new double[1000];
        for (int i = 0; i < floats.length; i++) {
            floats[i] = (float) Math.sin(i);
        }
        Contribution f32 = roundTrip(new Contribution(2, floats, new double[] {0.5f}, 7, 1, 2, 7, null));
        double[] expected = new double[floats.length];
        for (int i = 0; i < floats.length; i++) {
            expected[i] = floats[i] * 7;
        }
        assertArrayEquals(expected, f32.values(), 0.0);
        assertArrayEquals(new double[] {3.5}, f32.buffers(), 0.0);
        assertTrue(bytes(new Contribution(2, floats, null, 7, 1, 2, 7, null)) < 4500, "a thousand floats in 4 KB");
        assertEquals(2, f32.partition);
        assertEquals(7, f32.count);
        Contribution f64 = roundTrip(part(3));
        assertArrayEquals(part(3).values(), f64.values(), 0.0);
        assertEquals(null, roundTrip(Contribution.failed(1, "bad")).values());
        assertEquals("bad", roundTrip(Contribution.failed(1, "bad")).problem);
    }
}
