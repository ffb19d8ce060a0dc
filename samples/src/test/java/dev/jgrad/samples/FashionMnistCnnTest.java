package dev.jgrad.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.engine.DType;
import dev.jgrad.engine.Tensor;
import dev.jgrad.nn.Module;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FashionMnistCnnTest extends SampleRuns {
    @TempDir
    Path data;

    /** The sample configured by {@code args}, reading a fixture of the given sizes with {@code --data}. */
    private Captured<FashionMnistCnn> onFixture(int train, int test, String... args) {
        return configure(new FashionMnistCnn(), FashionFixture.withData(data, train, test, args));
    }

    /**
     * Runs the sample and asserts that it trained {@code epochs} epochs on {@code train} and {@code test} images,
     * said so, reached {@code accuracy} on the test images and drew its chart.
     */
    private ClassifierSample.Result assertLearns(Captured<FashionMnistCnn> run, int epochs, int train, int test,
                                                 double accuracy) {
        ClassifierSample.Result result = run.sample.run();
        assertEquals(epochs, result.history().epochs().size());
        assertTrue(result.testAccuracy() >= accuracy, "test accuracy " + result.testAccuracy());
        assertEquals(0.91, result.milestone());
        assertTrue(run.printed().contains("fashion-mnist-cnn: " + train + " training and " + test + " test samples,"
                + " 1x28x28 features, 10 classes"), run.printed());
        assertPng(out.resolve("fashion-mnist-cnn-training.png"));
        assertConfusionAndReport(run, result, "fashion-mnist-cnn", FashionMnist.CLASSES, test);
        return result;
    }

    @ParameterizedTest
    @ValueSource(strings = {"float64", "float32"})
    void learnsTheClassesOfTheFixtureImages(String dtype) {
        // chance is 0.1; each class's bright band is two rows of its own, which a convolution finds at once
        Captured<FashionMnistCnn> run = onFixture(400, 100, "--epochs", "2", "--channels", "8,16", "--hidden", "32",
                "--batch-size", "16", "--dtype", dtype);
        ClassifierSample.Result result = assertLearns(run, 2, 400, 100, 0.9);
        assertTrue(result.summary().startsWith("test accuracy ") && result.summary().contains(", 0.91 after "),
                result.summary());
    }

    @Test
    void theDefaultModelIsTwoConvolutionsAndPoolsThenTheDenseLayers() {
        Module model = new FashionMnistCnn().model(new int[] {1, 28, 28}, 10);
        Map<String, int[]> shapes = new LinkedHashMap<>();
        model.namedParameters().forEach((name, p) -> shapes.put(name, p.shape()));
        // two 2x2 pools take the 28x28 images to 7x7, so the first dense layer sees 64 * 7 * 7 = 3136 features
        assertEquals("[layers.0.weight, layers.0.bias, layers.3.weight, layers.3.bias, layers.8.layers.0.weight,"
                + " layers.8.layers.0.bias, layers.8.layers.3.weight, layers.8.layers.3.bias]",
                shapes.keySet().toString());
        assertArrayEquals(new int[] {32, 1, 3, 3}, shapes.get("layers.0.weight"));
        assertArrayEquals(new int[] {64, 32, 3, 3}, shapes.get("layers.3.weight"));
        assertArrayEquals(new int[] {3136, 128}, shapes.get("layers.8.layers.0.weight"));
        assertArrayEquals(new int[] {128, 10}, shapes.get("layers.8.layers.3.weight"));
        assertEquals(DType.FLOAT32, model.parameters().get(0).dtype());
        assertArrayEquals(new int[] {2, 10}, model.predict(Tensor.zeros(2, 1, 28, 28).to(DType.FLOAT32)).shape());
    }

    @Test
    void channelsSetTheConvolutionsAndTheFirstDenseLayersWidth() {
        Captured<FashionMnistCnn> run = configure(new FashionMnistCnn(), "--channels", "8,16,24", "--hidden", "20");
        Map<String, Tensor> parameters = run.sample.model(new int[] {1, 28, 28}, 10).namedParameters();
        assertArrayEquals(new int[] {8, 1, 3, 3}, parameters.get("layers.0.weight").shape());
        assertArrayEquals(new int[] {16, 8, 3, 3}, parameters.get("layers.3.weight").shape());
        assertArrayEquals(new int[] {24, 16, 3, 3}, parameters.get("layers.6.weight").shape());
        // 28 -> 14 -> 7 -> 3 (the pool drops the odd row and column)
        assertArrayEquals(new int[] {24 * 3 * 3, 20}, parameters.get("layers.11.layers.0.weight").shape());
    }

    @Test
    void smokeRunTrainsOneEpoch() {
        Captured<FashionMnistCnn> run = onFixture(300, 100, "--smoke", "--epochs", "9", "--channels", "8,16");
        ClassifierSample.Result result = run.sample.run();
        assertEquals(1, result.history().epochs().size());
        assertTrue(result.samplesPerSecond() > 0);
        assertTrue(run.printed().contains(" s per epoch, ") && run.printed().contains(" samples/s"), run.printed());
    }

    @Test
    void smokeRunOnTheRealDataLearns() {
        FashionFixture.assumeRealData();
        // chance is 0.1; one epoch of 24 batches of 3000 images gets well past it
        assertLearns(configure(new FashionMnistCnn(), "--smoke"), 1, 3000, 1000, 0.6);
    }
}
