package dev.jgrad.gradcheck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.engine.Tensor;
import java.util.Arrays;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class TensorArbitrariesProperties {

    @Property(tries = 200)
    void defaultShapesHaveRankZeroToFourAndDimensionsOneToFive(@ForAll("shapes") int[] shape) {
        assertTrue(shape.length <= 4, () -> Arrays.toString(shape));
        for (int d : shape) {
            assertTrue(d >= 1 && d <= 5, () -> Arrays.toString(shape));
        }
    }

    @Property(tries = 200)
    void defaultTensorsHaveValuesInMinusTwoToTwo(@ForAll("tensors") Tensor x) {
        for (double v : x.toArray()) {
            assertTrue(v >= -2 && v <= 2, () -> x.toString());
        }
    }

    @Property(tries = 200)
    void positiveTensorsAreStrictlyPositive(@ForAll("positive") Tensor x) {
        for (double v : x.toArray()) {
            assertTrue(v >= 0.1 && v <= 3, () -> x.toString());
        }
    }

    @Property(tries = 200)
    void distinctTensorsHaveNoTwoValuesCloserThanTheGap(@ForAll("distinct") Tensor x) {
        double[] v = x.toArray();
        Arrays.sort(v);
        for (int k = 1; k < v.length; k++) {
            assertTrue(v[k] - v[k - 1] >= 1e-3 * (1 - 1e-9), () -> "neighbours too close in " + x);
        }
        for (double value : v) {
            assertTrue(value >= -2 && value <= 2, () -> x.toString());
        }
    }

    @Property(tries = 200)
    void valuesAwayFromPointsKeepTheMargin(@ForAll("awayFromBounds") Tensor x) {
        for (double v : x.toArray()) {
            assertTrue(Math.abs(v - (-0.5)) >= 0.01 && Math.abs(v - 1.0) >= 0.01, () -> "value " + v + " in " + x);
        }
    }

    @Property(tries = 200)
    void broadcastPairsBroadcastTogether(@ForAll("pairs") int[][] shapes) {
        Tensor sum = Tensor.zeros(shapes[0]).add(Tensor.zeros(shapes[1]));
        // The broadcast has the larger rank, and each dimension is the larger of the two.
        int rank = Math.max(shapes[0].length, shapes[1].length);
        assertTrue(sum.rank() == rank, () -> Arrays.deepToString(shapes));
    }

    @Property(tries = 200)
    void broadcastTriplesBroadcastTogether(@ForAll("triples") int[][] shapes) {
        Tensor.zeros(shapes[0]).add(Tensor.zeros(shapes[1])).add(Tensor.zeros(shapes[2]));
    }

    @Property(tries = 200)
    void shapesBroadcastableToATargetExpandToIt(@ForAll("toTwoThreeFour") int[] shape) {
        assertArrayEquals(new int[] {2, 3, 4}, Tensor.zeros(shape).expand(2, 3, 4).shape());
    }

    @Provide
    Arbitrary<int[]> shapes() {
        return TensorArbitraries.shapes();
    }

    @Provide
    Arbitrary<Tensor> tensors() {
        return TensorArbitraries.tensors();
    }

    @Provide
    Arbitrary<Tensor> positive() {
        return TensorArbitraries.positiveTensors();
    }

    @Provide
    Arbitrary<Tensor> distinct() {
        return TensorArbitraries.distinctTensors();
    }

    @Provide
    Arbitrary<Tensor> awayFromBounds() {
        return TensorArbitraries.tensors().awayFrom(0.01, -0.5, 1.0);
    }

    @Provide
    Arbitrary<int[][]> pairs() {
        return TensorArbitraries.broadcastPairs();
    }

    @Provide
    Arbitrary<int[][]> triples() {
        return TensorArbitraries.broadcastTriples();
    }

    @Provide
    Arbitrary<int[]> toTwoThreeFour() {
        return TensorArbitraries.broadcastableTo(2, 3, 4);
    }
}
