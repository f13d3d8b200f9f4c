package org.layeranchor.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MeanIntervalTest {
    @Test
    void isTheMeanPlusMinusStudentTTimesTheStandardError() {
        // mean 2.5, sample std sqrt(5/3) = 1.2910, t(0.975, 3) = 3.182: half width 2.0540.
        MeanInterval m = MeanInterval.of(new double[] {1, 2, 3, 4});
        assertEquals(2.5, m.mean(), 1e-12);
        assertEquals(2.5 - 2.0540, m.low(), 1e-4);
        assertEquals(2.5 + 2.0540, m.high(), 1e-4);
        assertEquals(4, m.n());
    }

    @Test
    void fewerDirectionsGiveAWiderIntervalForTheSameSpread() {
        MeanInterval four = MeanInterval.of(new double[] {0.5, 0.6, 0.5, 0.6});
        MeanInterval twelve = MeanInterval.of(new double[] {0.5, 0.6, 0.5, 0.6, 0.5, 0.6, 0.5, 0.6, 0.5, 0.6, 0.5, 0.6});
        assertTrue(four.high() - four.low() > 2 * (twelve.high() - twelve.low()));
    }

    @Test
    void oneDirectionHasAMeanButNoInterval() {
        MeanInterval m = MeanInterval.of(new double[] {0.7});
        assertEquals(0.7, m.mean(), 0);
        assertFalse(m.hasInterval());
        assertTrue(Double.isNaN(m.low()) && Double.isNaN(m.high()));
        assertThrows(IllegalArgumentException.class, () -> MeanInterval.of(new double[0]));
    }

    @Test
    void tQuantilesMatchTheTablesOnBothSidesOfThirtyDegreesOfFreedom() {
        assertEquals(12.706, MeanInterval.t975(1), 1e-3);
        assertEquals(2.201, MeanInterval.t975(11), 1e-3);
        assertEquals(2.042, MeanInterval.t975(30), 1e-3);
        // Beyond the table, the expansion: scipy.stats.t.ppf(0.975, df).
        assertEquals(2.0395, MeanInterval.t975(31), 2e-4);
        assertEquals(2.0211, MeanInterval.t975(40), 2e-4);
        assertEquals(1.9799, MeanInterval.t975(120), 2e-4);
        assertThrows(IllegalArgumentException.class, () -> MeanInterval.t975(0));
    }
}
