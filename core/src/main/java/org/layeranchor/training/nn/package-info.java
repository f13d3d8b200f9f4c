/**
 * Hand-written layers and losses with their backward passes, on matrices held as arrays of rows
 * (double precision): {@link org.layeranchor.training.nn.Linear}, {@link org.layeranchor.training.nn.Relu},
 * {@link org.layeranchor.training.nn.LayerFusion} (softmax layer weights),
 * {@link org.layeranchor.training.nn.ClassBalancedCrossEntropy}, {@link org.layeranchor.training.nn.CoralLoss}.
 * Each gradient is checked against central finite differences in the tests.
 */
package org.layeranchor.training.nn;
