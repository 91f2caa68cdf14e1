package org.hemareview.model;

import ai.djl.nn.SequentialBlock;

/**
 * How a convolution of the cell network is normalised: batch norm, group norm, or batch norm
 * folded into the convolution's own weights and bias (inference only: {@link BatchNormFolding}
 * builds that copy from a trained batch-norm network, one operation per layer fewer).
 */
enum Norm {
    BATCH, GROUP, FOLDED;

    static Norm of(boolean groupNorm) {
        return groupNorm ? GROUP : BATCH;
    }

    /** Adds a bias-free convolution and its norm to {@code block} (a convolution with bias where the norm is folded). */
    SequentialBlock convolve(SequentialBlock block, int filters, int kernel, int stride, int groups) {
        block.add(Bottleneck.conv(filters, kernel, stride, groups, this == FOLDED));
        if (this != FOLDED) {
            block.add(GroupNorm2d.of(this == GROUP, filters));
        }
        return block;
    }
}
