package dev.jgrad.gradcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The words an arbitrary gives for what it draws, which catalog entries use as their domains. */
class TensorArbitraryTest {

    @Test
    void theDefaultTensorsAreValuesInMinusTwoToTwo() {
        assertEquals("values in [-2, 2]", TensorArbitraries.tensors().describe());
    }

    @Test
    void aPositiveRangeSaysPositive() {
        assertEquals("positive values in [0.1, 3]", TensorArbitraries.tensors().positive().describe());
        assertEquals("values in [0, 1]", TensorArbitraries.tensors().between(0, 1).describe());
    }

    @Test
    void distinctValuesSayHowFarApart() {
        assertEquals("pairwise-distinct values (0.001 apart) in [-2, 2]", TensorArbitraries.distinctTensors().describe());
    }

    @Test
    void valuesAwayFromPointsNameTheMarginAndEveryPoint() {
        assertEquals("values in [-3, 3], at least 0.001 away from 0",
                TensorArbitraries.tensors().between(-3, 3).awayFrom(1e-3, 0.0).describe());
        assertEquals("values in [-2, 2], at least 0.01 away from -0.5, 0 and 1.25",
                TensorArbitraries.tensors().awayFrom(0.01, -0.5, 0.0, 1.25).describe());
        assertEquals("TensorArbitrary[values in [-2, 2]]", TensorArbitraries.tensors().shape(2, 3).toString());
    }

    @Test
    void scalarsSayTheirRangeAndWhetherTheSignIsFree() {
        assertEquals("in [-3, 3]", TensorArbitraries.scalars(-3, 3).describe());
        assertEquals("of magnitude in [0.5, 3], either sign", TensorArbitraries.scalars(0.5, 3).eitherSign().describe());
    }

    @Test
    void scalarsOfEitherSignNeedARangeOfMagnitudes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TensorArbitraries.scalars(-1, 3).eitherSign());

        assertEquals("ScalarArbitrary.eitherSign: the range [-1, 3] must be of magnitudes, not below 0",
                e.getMessage());
    }

    @Test
    void anEmptyScalarRangeIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TensorArbitraries.scalars(2, 1));

        assertEquals("ScalarArbitrary: need finite min <= max, got [2.0, 1.0]", e.getMessage());
    }
}
