package org.hemareview.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;

/**
 * The ConvNeXt block (Liu et al. 2022): depthwise 7x7 convolution, LayerNorm, pointwise inverted
 * bottleneck (C -> 4C, GELU, 4C -> C), layer scale (initialised to 1e-6), residual. Input and
 * output (B, C, H, W).
 */
public final class ConvNeXtBlock extends AbstractBlock {
    private final Conv2d depthwise;
    private final LastAxisNorm norm;
    private final Linear expand;
    private final Linear project;
    private final Parameter layerScale;

    public ConvNeXtBlock(int channels) {
        super((byte) 1);
        this.depthwise = addChildBlock("dwconv", Conv2d.builder().setFilters(channels).setKernelShape(new Shape(7, 7)).optPadding(new Shape(3, 3))
                .optGroups(channels).build());
        this.norm = addChildBlock("norm", new LastAxisNorm(channels));
        this.expand = addChildBlock("pwconv1", Linear.builder().setUnits(4L * channels).build());
        this.project = addChildBlock("pwconv2", Linear.builder().setUnits(channels).build());
        this.layerScale = addParameter(Parameter.builder().setName("layer_scale").setType(Parameter.Type.GAMMA)
                .optShape(new Shape(channels)).optInitializer(new ConstantInitializer(1e-6f)).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray y = depthwise.forward(ps, inputs, training).singletonOrThrow().transpose(0, 2, 3, 1); // NHWC for the norm and the MLP
        y = norm.forward(ps, new NDList(y), training).singletonOrThrow();
        y = Activation.gelu(expand.forward(ps, new NDList(y), training).singletonOrThrow());
        y = project.forward(ps, new NDList(y), training).singletonOrThrow().mul(ps.getValue(layerScale, x.getDevice(), training));
        return new NDList(x.add(y.transpose(0, 3, 1, 2)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape s = inputShapes[0];
        depthwise.initialize(manager, dataType, s);
        Shape nhwc = new Shape(s.get(0), s.get(2), s.get(3), s.get(1));
        norm.initialize(manager, dataType, nhwc);
        expand.initialize(manager, dataType, nhwc);
        project.initialize(manager, dataType, new Shape(s.get(0), s.get(2), s.get(3), 4 * s.get(1)));
    }
}
