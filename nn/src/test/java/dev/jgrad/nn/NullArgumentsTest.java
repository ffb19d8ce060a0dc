package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jgrad.engine.Tensor;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * A null argument to a public method of nn gets an {@code IllegalArgumentException} naming the op and the parameter,
 * never a {@code NullPointerException} from deep inside and never a silent default.
 */
class NullArgumentsTest {
    private static final Tensor X = Tensor.ones(2, 2);
    private static final Random RNG = new Random(0);

    private record Case(String message, org.junit.jupiter.api.function.Executable call) {
    }

    private static List<Case> cases() {
        Tensor p = Tensor.ones(2).requiresGrad(true);
        Dataset data = new Dataset(X, Tensor.ones(2));
        return List.of(
                new Case("crossEntropy: reduction is null", () -> Losses.crossEntropy(X, new int[] {0, 1}, null)),
                new Case("crossEntropy: labels is null", () -> Losses.crossEntropy(X, null, Reduction.SUM)),
                new Case("multiclassHinge: scores is null", () -> Losses.multiclassHinge(null, new int[2], null)),
                new Case("binaryCrossEntropy: probabilities is null", () -> Losses.binaryCrossEntropy(null, X,
                        Reduction.MEAN)),
                new Case("marginRanking: wrong is null", () -> Losses.marginRanking(X, null, 1, Reduction.MEAN)),
                new Case("l2Penalty: weight 1 is null", () -> Losses.l2Penalty(0.1, 1, Arrays.asList(p, null))),
                new Case("Dataset.permutation: rng is null", () -> Dataset.permutation(3, null)),
                new Case("Progress.epoch: e is null", () -> new Progress(null, false, 1, 1).epoch(null, 0)),
                new Case("SGD: parameter 1 is null", () -> new SGD(Arrays.asList(p, null), 0.1)),
                new Case("Adam: parameters is null", () -> new Adam(null, 0.1)),
                new Case("AdamW: parameter 0 is null", () -> new AdamW(Arrays.asList((Tensor) null), 0.1, 0.01)),
                new Case("RMSProp: parameter 0 is null", () -> new RMSProp(Arrays.asList((Tensor) null), 0.1)),
                new Case("clipGradNorm: parameter 0 is null",
                        () -> Optimizer.clipGradNorm(Arrays.asList((Tensor) null), 1)),
                new Case("gelu: x is null", () -> Activations.gelu(null)),
                new Case("silu: x is null", () -> Activations.silu(null)),
                new Case("softmax: x is null", () -> Activations.softmax(null, 0)),
                new Case("logSoftmax: x is null", () -> Activations.logSoftmax(null, 0)),
                new Case("prelu: slope is null", () -> Activations.prelu(X, null)),
                new Case("rrelu: rng is null", () -> Activations.rrelu(X, 0.1, 0.3, null)),
                new Case("gelu: input is null", () -> Activation.gelu().forward(null)),
                new Case("Activation: function is null", () -> new Activation("f", null)),
                new Case("Dense: init is null", () -> new Dense(2, 3, null, RNG)),
                new Case("Dense: rng is null", () -> Dense.withoutBias(2, 3, Init.ZEROS, null)),
                new Case("Dense: activation is null", () -> new Dense(3, null)),
                new Case("Dense.build: inputShape is null", () -> new Dense(3).build((int[]) null)),
                new Case("Model: module is null", () -> new Model(null)),
                new Case("Model.compile: optimizer is null", () -> new Model(new Dense(3)).compile(
                        Loss.meanSquaredError(), null)),
                new Case("Model.fit: labels is null", () -> new Model(new Dense(3)).fit(X, (int[]) null, 1)),
                new Case("Model.predict: x is null", () -> new Model(new Dense(3)).predict(null)),
                new Case("FitOptions.validationData: y is null", () -> FitOptions.defaults().validationData(X,
                        (Tensor) null)),
                new Case("Dense(2 -> 3): input is null", () -> new Dense(2, 3, RNG).forward(null)),
                new Case("Conv2d: init is null", () -> new Conv2d(1, 1, 3, 1, 0, null, RNG)),
                new Case("Conv2d: dilation is null", () -> new Conv2d(1, 1, new int[] {0, 0}, new int[] {1, 1},
                        new int[] {0, 0}, null, 1, true, Init.ZEROS, RNG)),
                new Case("Conv2d(1 -> 1, kernel [3, 3]): input is null",
                        () -> new Conv2d(1, 1, 3, 1, 0, Init.ZEROS, RNG).forward(null)),
                new Case("MaxPool2d: stride is null", () -> new MaxPool2d(new int[] {0, 0}, null, new int[] {0, 0})),
                new Case("MaxPool2d(kernel [2, 2], stride [2, 2]): input is null",
                        () -> new MaxPool2d(2, 2).forward(null)),
                new Case("AvgPool2d: padding is null", () -> new AvgPool2d(new int[] {2, 2}, new int[] {1, 1}, null)),
                new Case("AvgPool2d(kernel [2, 2], stride [2, 2]): input is null",
                        () -> new AvgPool2d(2, 2).forward(null)),
                new Case("Flatten: input is null", () -> new Flatten().forward(null)),
                new Case("BatchNorm2d(2): input is null", () -> new BatchNorm2d(2).forward(null)),
                new Case("BatchNorm1d(2): input is null", () -> new BatchNorm1d(2).forward(null)),
                new Case("Maxout: input is null", () -> new Maxout(2, 2, 2, Init.ZEROS, RNG).forward(null)),
                new Case("PReLU: input is null", () -> new PReLU().forward(null)),
                new Case("RReLU: rng is null", () -> new RReLU(null)),
                new Case("Dropout: rng is null", () -> new Dropout(0.5, null)),
                new Case("Sequential: module 1 is null", () -> new Sequential(Activation.relu(), null)),
                new Case("Sequential: layers is null", () -> new Sequential((Module[]) null)),
                new Case("predict: input is null", () -> new Dense(2, 3, RNG).predict(null)),
                new Case("Init.sample: rng is null", () -> Init.HE_NORMAL.sample(null, 2, 2, 2, 2)),
                new Case("Init.sample: shape is null", () -> Init.HE_NORMAL.sample(RNG, 2, 2, (int[]) null)),
                new Case("crossEntropy: output is null", () -> Loss.crossEntropy().compute(null, X)),
                new Case("binaryCrossEntropy: targets is null", () -> Loss.binaryCrossEntropy().accuracy(X, null)),
                new Case("withL2Penalty: weights is null", () -> Loss.meanSquaredError().withL2Penalty(1, 1, null)),
                new Case("Reduction.MEAN.reduce: losses is null", () -> Reduction.MEAN.reduce(null)),
                new Case("Dataset: targets is null", () -> new Dataset(X, null)),
                new Case("Dataset.classification: labels is null", () -> Dataset.classification(X, null)),
                new Case("Dataset.subset: indices is null", () -> data.subset((int[]) null)),
                new Case("Dataset.batches: rng is null", () -> data.batches(1, null)),
                new Case("Dataset.split: rng is null", () -> data.split(0.5, null)),
                new Case("Dataset.Split: test is null", () -> new Dataset.Split(data, null)),
                new Case("Standardizer.fit: features is null", () -> Standardizer.fit(null)),
                new Case("Trainer.callbacks: callback 0 is null", () -> new Trainer(new Dense(2, 2, RNG),
                        Loss.crossEntropy(), new SGD(List.of(p), 0.1)).callbacks((Callback) null)),
                new Case("EarlyStopping: monitor is null", () -> new EarlyStopping(null)),
                new Case("EarlyStopping: mode is null", () -> new EarlyStopping("loss").mode(null)),
                new Case("ReduceLROnPlateau: monitor is null", () -> new ReduceLROnPlateau(null)),
                new Case("ReduceLROnPlateau: mode is null", () -> new ReduceLROnPlateau("loss").mode(null)),
                new Case("ModelCheckpoint: pathTemplate is null", () -> new ModelCheckpoint(null)),
                new Case("ModelCheckpoint: monitor is null", () -> new ModelCheckpoint("m.npz").monitor(null)),
                new Case("ModelCheckpoint: mode is null", () -> new ModelCheckpoint("m.npz").mode(null)),
                new Case("CsvLogger: file is null", () -> new CsvLogger(null)),
                new Case("History.writeCsv: file is null", () -> new History(List.of()).writeCsv(null)),
                new Case("History.writeJson: file is null", () -> new History(List.of()).writeJson(null)),
                new Case("Standardizer.transform: data is null",
                        () -> Standardizer.fit(X).transform((Dataset) null)));
    }

    @TestFactory
    Stream<DynamicTest> eachNullNamesTheOpAndTheParameter() {
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.message(), () -> {
            var e = assertThrows(IllegalArgumentException.class, c.call());
            assertEquals(c.message(), e.getMessage());
        }));
    }

    // ---------------------------------------------------------------- every public method, found by reflection

    /** The public classes of nn this sweep covers, each with an instance to call its instance methods on. */
    private static Map<Class<?>, List<Object>> instances() {
        Tensor p = Tensor.ones(2).requiresGrad(true);
        Dataset data = new Dataset(X, Tensor.ones(2));
        Map<Class<?>, List<Object>> m = new LinkedHashMap<>();
        m.put(Activation.class, List.of(Activation.gelu()));
        m.put(Activations.class, List.of());
        m.put(Adam.class, List.of(new Adam(List.of(p), 0.1)));
        m.put(Average.class, List.of(Average.MACRO));
        m.put(AdamW.class, List.of(new AdamW(List.of(p), 0.1, 0.01)));
        m.put(AvgPool2d.class, List.of(new AvgPool2d(2, 2)));
        m.put(BatchNorm1d.class, List.of(new BatchNorm1d(2)));
        m.put(BatchNorm2d.class, List.of(new BatchNorm2d(2)));
        m.put(ConfusionMatrix.class, List.of(Metrics.confusionMatrix(new int[] {0, 1}, new int[] {1, 1}, 2)));
        m.put(Conv2d.class, List.of(new Conv2d(2, 2, 1, 1, 0, Init.ZEROS, RNG), new Conv2d(2, 2, new int[] {1, 1},
                new int[] {1, 1}, new int[] {0, 0}, new int[] {1, 1}, 2, false, Init.ZEROS, RNG)));
        m.put(Dataset.class, List.of(data));
        m.put(Dataset.Split.class, List.of(data.split(0.5, new Random(1))));
        m.put(Dense.class, List.of(new Dense(2, 2, RNG), Dense.withoutBias(2, 2, Init.ZEROS, RNG), new Dense(2)));
        m.put(Dropout.class, List.of(new Dropout(0.5, RNG)));
        m.put(Flatten.class, List.of(new Flatten()));
        m.put(Init.class, List.of(Init.HE_NORMAL, Init.uniform(0, 1), Init.normal(0, 1)));
        m.put(Loss.class, List.of(Loss.crossEntropy(), Loss.multiclassHinge(), Loss.crossEntropyWithProbabilities(),
                Loss.binaryCrossEntropyWithLogits(), Loss.binaryCrossEntropy(), Loss.meanSquaredError(),
                Loss.sumSquaredError(), Loss.marginRanking(1), Loss.crossEntropy().withL2Penalty(1, 1, List.of(p))));
        m.put(Losses.class, List.of());
        m.put(MaxPool2d.class, List.of(new MaxPool2d(2, 2)));
        m.put(Model.class, List.of(Model.sequential(new Dense(2)), Model.sequential(new Dense(2, 2, RNG))
                .compile(Loss.meanSquaredError())));
        m.put(FitOptions.class, List.of(FitOptions.defaults()));
        m.put(OptimizerFactory.class, List.of(OptimizerFactory.sgd(0.1)));
        m.put(Maxout.class, List.of(new Maxout(2, 2, 2, Init.ZEROS, RNG)));
        m.put(Metric.class, List.of(Metrics.accuracy(), Metrics.topKAccuracy(1), Metrics.f1(1),
                Metrics.meanAbsoluteError(), Metrics.r2()));
        m.put(Metrics.class, List.of());
        m.put(Module.class, List.of(new Sequential(Activation.relu())));
        m.put(Optimizer.class, List.of(new SGD(List.of(p), 0.1)));
        m.put(PReLU.class, List.of(new PReLU(), new PReLU(2)));
        m.put(RMSProp.class, List.of(new RMSProp(List.of(p), 0.1)));
        m.put(RReLU.class, List.of(new RReLU(RNG)));
        m.put(Reduction.class, List.of(Reduction.MEAN, Reduction.SUM));
        m.put(SGD.class, List.of(new SGD(List.of(p), 0.1)));
        m.put(Sequential.class, List.of(new Sequential(Activation.relu())));
        m.put(Standardizer.class, List.of(Standardizer.fit(X)));
        return m;
    }

    /**
     * Methods whose null handling is not nn's to decide: {@code equals} answers false, the enum's compiler-made
     * {@code valueOf} keeps the JDK's message, and {@code Init.draw} is the hook a custom scheme implements, reached
     * only through {@code Init.sample}, which checks first.
     */
    private static boolean exempt(Executable e) {
        String name = e.getName();
        return name.equals("equals") || (name.equals("valueOf") && e.getDeclaringClass().isEnum())
                || (e.getDeclaringClass() == Init.class && name.equals("draw"));
    }

    /** A non-null value of {@code type}, valid enough that only the null argument can be what is wrong. */
    private static Object dummy(Class<?> type) {
        if (type == int.class) {
            return 1;
        } else if (type == double.class) {
            return 0.5;
        } else if (type == boolean.class) {
            return false;
        } else if (type == Tensor.class) {
            return X;
        } else if (type == int[].class) {
            return new int[] {0, 1};
        } else if (type == Random.class) {
            return new Random(0);
        } else if (type == Reduction.class) {
            return Reduction.MEAN;
        } else if (type == Metric.class) {
            return Metrics.accuracy();
        } else if (type == Metric[].class) {
            return new Metric[] {Metrics.accuracy()};
        } else if (type == Average.class) {
            return Average.MACRO;
        } else if (type == ConfusionMatrix.class) {
            return Metrics.confusionMatrix(new int[] {0}, new int[] {0}, 2);
        } else if (type == Init.class) {
            return Init.ZEROS;
        } else if (type == Collection.class || type == Iterable.class || type == List.class) {
            return List.of(Tensor.ones(1).requiresGrad(true));
        } else if (type == Module[].class) {
            return new Module[] {Activation.relu()};
        } else if (type == String.class) {
            return "name";
        } else if (type == UnaryOperator.class) {
            return UnaryOperator.identity();
        } else if (type == Module.class) {
            return Activation.relu();
        } else if (type == Loss.class) {
            return Loss.meanSquaredError();
        } else if (type == OptimizerFactory.class) {
            return OptimizerFactory.sgd(0.1);
        } else if (type == FitOptions.class) {
            return FitOptions.defaults().verbose(false);
        } else if (type == Dataset.class) {
            return new Dataset(X, Tensor.ones(2));
        }
        throw new IllegalStateException("no dummy value for a parameter of type " + type.getName()
                + ": add one to NullArgumentsTest.dummy");
    }

    private static final Pattern NULL_MESSAGE = Pattern.compile("\\S[^:]*: [a-z][A-Za-z]*( \\d+)? is null");

    @TestFactory
    Stream<DynamicTest> everyPublicMethodRejectsEachNullArgumentByName() {
        List<DynamicTest> tests = new ArrayList<>();
        instances().forEach((type, receivers) -> {
            List<Executable> executables = new ArrayList<>();
            if (!Modifier.isAbstract(type.getModifiers())) {
                executables.addAll(Arrays.asList(type.getConstructors()));
            }
            for (Method m : type.getDeclaredMethods()) {
                if (Modifier.isPublic(m.getModifiers()) && !m.isSynthetic()) {
                    executables.add(m);
                }
            }
            for (Executable e : executables) {
                Class<?>[] types = e.getParameterTypes();
                for (int i = 0; i < types.length; i++) {
                    if (types[i].isPrimitive() || exempt(e)) {
                        continue;
                    }
                    int nulled = i;
                    String name = e + " with argument " + nulled + " null";
                    if (e instanceof Constructor || Modifier.isStatic(e.getModifiers())) {
                        tests.add(DynamicTest.dynamicTest(name, () -> assertRejectsNull(e, null, nulled)));
                    } else {
                        for (Object receiver : receivers) {
                            tests.add(DynamicTest.dynamicTest(name + " on " + receiver,
                                    () -> assertRejectsNull(e, receiver, nulled)));
                        }
                    }
                }
            }
        });
        return tests.stream();
    }

    private static void assertRejectsNull(Executable e, Object receiver, int nulled) throws Exception {
        Class<?>[] types = e.getParameterTypes();
        Object[] args = new Object[types.length];
        for (int i = 0; i < args.length; i++) {
            args[i] = i == nulled ? null : dummy(types[i]);
        }
        try {
            if (e instanceof Constructor<?> c) {
                c.newInstance(args);
            } else {
                ((Method) e).invoke(receiver, args);
            }
            fail("accepted a null argument " + nulled);
        } catch (InvocationTargetException thrown) {
            Throwable cause = thrown.getCause();
            assertEquals(IllegalArgumentException.class, cause.getClass(), () -> "threw " + cause);
            assertTrue(NULL_MESSAGE.matcher(cause.getMessage()).matches(), cause.getMessage());
        }
    }
}
