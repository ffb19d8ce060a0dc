package dev.jgrad.gradcheck;

import static dev.jgrad.gradcheck.TensorArbitrary.number;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.arbitraries.ArbitraryDecorator;

/**
 * A jqwik arbitrary of the scalar parameters of an op (a constant, an exponent, a slope) that says in words what
 * it draws, so a catalog entry's domain comes from the same numbers as its cases. Start from
 * {@link TensorArbitraries#scalars(double, double)}.
 *
 * <pre>{@code
 * ScalarArbitrary divisors = TensorArbitraries.scalars(0.5, 3).eitherSign();
 * divisors.describe();                     // "of magnitude in [0.5, 3], either sign"
 * divisors.map(c -> OpCase.of("div(" + c + ")", in -> in[0].div(c), x));
 * }</pre>
 */
public final class ScalarArbitrary extends ArbitraryDecorator<Double> {
    /** Decimal places of generated values. */
    private static final int SCALE = 6;

    private final double min;
    private final double max;
    private final boolean eitherSign;

    ScalarArbitrary(double min, double max, boolean eitherSign) {
        if (!Double.isFinite(min) || !Double.isFinite(max) || min > max) {
            throw new IllegalArgumentException("ScalarArbitrary: need finite min <= max, got [" + min + ", " + max
                    + "]");
        }
        this.min = min;
        this.max = max;
        this.eitherSign = eitherSign;
    }

    /**
     * Values whose magnitude is in the range, with a random sign: for parameters that must stay away from 0 on both
     * sides, such as a divisor.
     *
     * @throws IllegalArgumentException if the range holds negative values
     */
    public ScalarArbitrary eitherSign() {
        if (min < 0) {
            throw new IllegalArgumentException("ScalarArbitrary.eitherSign: the range [" + number(min) + ", "
                    + number(max) + "] must be of magnitudes, not below 0");
        }
        return new ScalarArbitrary(min, max, true);
    }

    /** The values in words: {@code "in [-3, 3]"}, or {@code "of magnitude in [0.5, 3], either sign"}. */
    public String describe() {
        String range = "in [" + number(min) + ", " + number(max) + "]";
        return eitherSign ? "of magnitude " + range + ", either sign" : range;
    }

    @Override
    protected Arbitrary<Double> arbitrary() {
        Arbitrary<Double> values = Arbitraries.doubles().between(min, max).ofScale(SCALE);
        return eitherSign ? values.flatMap(v -> Arbitraries.of(v, -v)) : values;
    }

    @Override
    public String toString() {
        return "ScalarArbitrary[" + describe() + "]";
    }
}
