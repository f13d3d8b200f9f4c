package org.layeranchor.spark;

import org.apache.spark.sql.SparkSession;

/**
 * The one Spark session of the test run (starting one takes seconds): two task slots, as
 * {@code local[2]}, and a second attempt for a failed task, as a cluster retries one
 * ({@code spark.task.maxFailures}, which {@code local[N,F]} sets in local mode).
 */
final class SharedSpark {
    private static SparkSession session;

    private SharedSpark() {
    }

    static synchronized SparkSession session() {
        if (session == null) {
            session = SparkSession.builder()
                    .master("local[2,2]")
                    .appName("layeranchor-spark-tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.sql.shuffle.partitions", "2")
                    .getOrCreate();
        }
        return session;
    }
}
