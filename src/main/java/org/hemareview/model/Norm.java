package org.hemareview.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;

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

    /**
     * Adds a convolution ("same" padding) and its norm to {@code block}: bias-free before a norm, with a bias where
     * the norm is folded into it.
     */
    SequentialBlock convolve(SequentialBlock block, int filters, int kernel, int stride, int groups) {
        block.add(Conv2d.builder().setFilters(filters).setKernelShape(new Shape(kernel, kernel)).optStride(new Shape(stride, stride))
                .optPadding(new Shape(kernel / 2, kernel / 2)).optGroups(groups).optBias(this == FOLDED).build());
        switch (this) {
            case BATCH -> block.add(BatchNorm.builder().build());
            case GROUP -> block.add(new GroupNorm2d(filters));
            case FOLDED -> { } // the convolution's weights and bias carry it
        }
        return block;
    }
}
