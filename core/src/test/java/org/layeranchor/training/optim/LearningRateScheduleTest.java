package org.layeranchor.training.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.layeranchor.training.optim.LearningRateSchedule.Shape;

class LearningRateScheduleTest {
    @Test
    void warmupThenCosineToZero() {
        LearningRateSchedule s = new LearningRateSchedule(Shape.COSINE, 1.0, 4, 14, 1, 1);
        assertEquals(0.25, s.rateAt(0), 1e-15);
        assertEquals(1.0, s.rateAt(3), 1e-15);
        assertEquals(1.0, s.rateAt(4), 1e-15);
        assertEquals(0.5, s.rateAt(9), 1e-12); // half way through the 10 decay steps
        assertEquals(0.0, s.rateAt(14), 1e-15);
    }

    @Test
    void stepDecayMultipliesByGammaEveryStepSize() {
        LearningRateSchedule s = new LearningRateSchedule(Shape.STEP, 0.8, 0, 100, 10, 0.5);
        assertEquals(0.8, s.rateAt(9), 1e-15);
        assertEquals(0.4, s.rateAt(10), 1e-15);
        assertEquals(0.2, s.rateAt(25), 1e-15);
    }

    @Test
    void constantAfterWarmup() {
        LearningRateSchedule s = new LearningRateSchedule(Shape.CONSTANT, 0.3, 2, 100, 1, 1);
        assertEquals(0.15, s.rateAt(0), 1e-15);
        assertEquals(0.3, s.rateAt(50), 1e-15);
    }
}
