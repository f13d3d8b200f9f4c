package org.layeranchor.training;

/** Hears about training progress (e.g. to print it); the trainer never depends on what it does. */
@FunctionalInterface
public interface TrainingListener {
    /** @param run "main", or "layer N" for a best-layer candidate */
    void epochFinished(String run, EpochRecord record);

    TrainingListener SILENT = (run, record) -> { };
}
