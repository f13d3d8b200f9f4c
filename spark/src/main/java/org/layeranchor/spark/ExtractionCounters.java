package org.layeranchor.spark;

import java.io.Serializable;
import org.apache.spark.SparkContext;
import org.apache.spark.util.LongAccumulator;

/**
 * Named accumulators, so Spark's UI (stage page) and the driver's log show progress while the job
 * runs. For progress only: a stage computed again would count twice; the summary counts the
 * outcomes the driver collects.
 */
record ExtractionCounters(LongAccumulator extracted, LongAccumulator cached, LongAccumulator failed)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    static ExtractionCounters register(SparkContext sc) {
        return new ExtractionCounters(sc.longAccumulator("layeranchor utterances extracted"),
                sc.longAccumulator("layeranchor utterances already in the store"),
                sc.longAccumulator("layeranchor utterances failed"));
    }
}
