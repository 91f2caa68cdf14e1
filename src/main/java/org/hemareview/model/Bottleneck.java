package org.hemareview.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The ResNeXt bottleneck: 1x1 reduce, 3x3 grouped convolution (the cardinality), 1x1 expand,
 * each with its norm ({@link Norm}: batch, group, or folded into the convolution); a projection shortcut when the shape changes. Down-sampling is the
 * strided 3x3 convolution (no pooling), and at a down-sampling block an ECA block reweights the
 * residual branch's channels before the sum.
 */
public final class Bottleneck extends AbstractBlock {
    private final Block residual;
    private final Block shortcut;
    private final EcaBlock eca;
    private final int outChannels;
    private final int stride;

    Bottleneck(int inChannels, int outChannels, int midChannels, int groups, int stride, boolean eca, Norm norm) {
        super((byte) 1);
        this.outChannels = outChannels;
        this.stride = stride;
        SequentialBlock r = new SequentialBlock();
        norm.convolve(r, midChannels, 1, 1, 1).add(Activation::relu);
        norm.convolve(r, midChannels, 3, stride, groups).add(Activation::relu);
        norm.convolve(r, outChannels, 1, 1, 1);
        this.residual = addChildBlock("residual", r);
        this.shortcut = stride == 1 && inChannels == outChannels ? null
                : addChildBlock("shortcut", norm.convolve(new SequentialBlock(), outChannels, 1, stride, 1));
        this.eca = eca && stride > 1 ? addChildBlock("eca", new EcaBlock(outChannels)) : null;
    }

    public boolean hasEca() {
        return eca != null;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDList r = residual.forward(ps, inputs, training);
        if (eca != null) {
            r = eca.forward(ps, r, training);
        }
        NDArray skip = shortcut == null ? x : shortcut.forward(ps, inputs, training).singletonOrThrow();
        return new NDList(Activation.relu(r.singletonOrThrow().add(skip)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] in) {
        Shape s = in[0];
        return new Shape[] {new Shape(s.get(0), outChannels, (s.get(2) + stride - 1) / stride, (s.get(3) + stride - 1) / stride)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        residual.initialize(manager, dataType, inputShapes);
        if (shortcut != null) {
            shortcut.initialize(manager, dataType, inputShapes);
        }
        if (eca != null) {
            eca.initialize(manager, dataType, getOutputShapes(inputShapes));
        }
    }
}
