package dev.jgrad.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.nn.Evaluation;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class SparkTrainingTest {
    @Test
    void theBlobsAreLearntOnFourPartitions() {
        SparkSession spark = SparkSession.builder().master("local[2]").appName("jgrad-examples")
                .config("spark.driver.host", "127.0.0.1").config("spark.ui.enabled", "false").getOrCreate();
        try {
            Evaluation result = SparkTraining.classify(spark);
            assertTrue(result.accuracy() >= 0.95, result::toString);
        } finally {
            spark.stop();
        }
    }
}
