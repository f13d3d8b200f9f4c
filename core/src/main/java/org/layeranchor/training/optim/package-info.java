/** Adam / AdamW and the learning-rate schedule (linear warmup, then cosine, step or constant). */
package org.layeranchor.training.optim;
