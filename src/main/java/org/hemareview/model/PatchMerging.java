package org.hemareview.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** Swin's down-sampling between stages: each 2x2 patch concatenated (4C), LayerNorm, linear to 2C. (B, H, W, C) -> (B, H/2, W/2, 2C). */
public final class PatchMerging extends AbstractBlock {
    private final int channels;
    private final LastAxisNorm norm;
    private final Linear reduce;

    public PatchMerging(int channels) {
        super((byte) 1);
        this.channels = channels;
        this.norm = addChildBlock("norm", new LastAxisNorm(4 * channels));
        this.reduce = addChildBlock("reduction", Linear.builder().setUnits(2L * channels).optBias(false).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray merged = NDArrays.concat(new NDList(x.get(":, 0::2, 0::2, :"), x.get(":, 1::2, 0::2, :"), x.get(":, 0::2, 1::2, :"),
                x.get(":, 1::2, 1::2, :")), -1);
        return reduce.forward(ps, norm.forward(ps, new NDList(merged), training), training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] in) {
        Shape s = in[0];
        return new Shape[] {new Shape(s.get(0), s.get(1) / 2, s.get(2) / 2, 2L * channels)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape s = inputShapes[0];
        Shape merged = new Shape(s.get(0), s.get(1) / 2, s.get(2) / 2, 4L * channels);
        norm.initialize(manager, dataType, merged);
        reduce.initialize(manager, dataType, merged);
    }
}
