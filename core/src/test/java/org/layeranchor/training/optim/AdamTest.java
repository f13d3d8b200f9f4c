package org.layeranchor.training.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.layeranchor.training.nn.Parameter;

class AdamTest {
    @Test
    void firstStepMovesEachValueByTheLearningRateAgainstItsGradientSign() {
        // After one step m̂ = g and v̂ = g², so the update is lr·g/(|g|+ε) ≈ lr·sign(g).
        Parameter p = new Parameter("w", false, 3);
        p.vector()[0] = 1;
        p.vector()[1] = 1;
        p.vector()[2] = 1;
        p.grad()[0][0] = 5;
        p.grad()[0][1] = -0.01;
        p.grad()[0][2] = 0;
        new Adam(List.of(p), 0.9, 0.999, 1e-8, 0, true).step(0.1);
        assertEquals(0.9, p.vector()[0], 1e-8);
        assertEquals(1.1, p.vector()[1], 1e-6);
        assertEquals(1.0, p.vector()[2], 0);
    }

    @Test
    void adamwShrinksDecayingWeightsOnlyAndAdamAddsL2ToTheGradient() {
        Parameter w = new Parameter("w", true, 1);
        Parameter b = new Parameter("b", false, 1);
        w.vector()[0] = 2;
        b.vector()[0] = 2;
        new Adam(List.of(w, b), 0.9, 0.999, 1e-8, 0.5, true).step(0.1);
        assertEquals(2 * (1 - 0.1 * 0.5), w.vector()[0], 1e-12); // zero gradient: decay alone
        assertEquals(2, b.vector()[0], 0);

        Parameter coupled = new Parameter("w", true, 1);
        coupled.vector()[0] = 2;
        new Adam(List.of(coupled), 0.9, 0.999, 1e-8, 0.5, false).step(0.1);
        assertEquals(2 - 0.1, coupled.vector()[0], 1e-7); // g = wd·θ = 1 > 0: one lr step down
    }

    @Test
    void minimisesAQuadratic() {
        Parameter p = new Parameter("x", false, 2);
        p.vector()[0] = 3;
        p.vector()[1] = -4;
        Adam adam = new Adam(List.of(p), 0.9, 0.999, 1e-8, 0, true);
        for (int i = 0; i < 2000; i++) {
            p.grad()[0][0] = 2 * (p.vector()[0] - 1);
            p.grad()[0][1] = 2 * (p.vector()[1] + 2);
            adam.step(0.01);
        }
        assertTrue(Math.abs(p.vector()[0] - 1) < 1e-3 && Math.abs(p.vector()[1] + 2) < 1e-3);
    }
}
