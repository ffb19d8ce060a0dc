package dev.jgrad.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.jgrad.engine.DType;
import dev.jgrad.nn.Loss;
import dev.jgrad.nn.Module;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** Under Kryo, the serialiser many Spark users choose, parameters and gradients travel as they do under Java's. */
class KryoTest {
    private static final List<Row> ROWS = LocalSpark.rows(64, 8);

    private static double[] trained(SparkSession spark, Factory<Module> model) {
        SparkTrainer trainer = new SparkTrainer(model, Loss::crossEntropy, OptimizerRecipe.adam(0.01)).progress(null);
        trainer.fit(LocalSpark.frame(spark, ROWS, 3), 2, 16);
        return LocalSpark.parameters(trainer.model());
    }

    @Test
    void kryoTrainsAsJavaSerialisationDoes() {
        Factory<Module> f32 = () -> LocalSpark.model().to(DType.FLOAT32);
        SparkSession java = LocalSpark.session("local[2]");
        double[] f64Java = trained(java, LocalSpark::model);
        double[] f32Java = trained(java, f32);
        java.stop();
        SparkSession kryo = LocalSpark.builder("local[2]")
                .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer").getOrCreate();
        try {
            assertArrayEquals(f64Java, trained(kryo, LocalSpark::model), 0.0);
            assertArrayEquals(f32Java, trained(kryo, f32), 0.0);
        } finally {
            kryo.stop();
        }
    }
}
