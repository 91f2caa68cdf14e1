package org.hemareview.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * The dual-path classifier: a ConvNeXt path for local texture (patchify stem 4x4/4, stages of
 * ConvNeXt blocks, LayerNorm + 2x2/2 convolution between stages) and a Swin Transformer path for
 * global context (4x4 patch embedding, stages of window / shifted-window blocks, patch merging
 * between stages) over the same crop. Each path is globally average-pooled; the fusion weighs the
 * concatenated features per channel with an attention vector computed from them (squeeze-excite
 * style: FC, ReLU, FC, sigmoid), or just concatenates them ({@code attentionFusion=false}); then
 * the classifier.
 *
 * <p>Forward returns {@code (logits, fused features)}. {@link #convMap} and {@link #swinFeatures}
 * split the network for Grad-CAM, which explains the ConvNeXt path's last stage.
 */
public final class DualPathNet extends AbstractBlock implements CellNetwork {
    private final DualPathSpec spec;
    private final int classes;
    private final Conv2d convStem;
    private final LastAxisNorm convStemNorm;
    private final List<Block> convStages = new ArrayList<>();
    private final List<LastAxisNorm> convDownNorms = new ArrayList<>();
    private final List<Conv2d> convDowns = new ArrayList<>();
    private final LastAxisNorm convOutNorm;
    private final Conv2d swinEmbed;
    private final LastAxisNorm swinEmbedNorm;
    private final List<Block> swinStages = new ArrayList<>();
    private final List<PatchMerging> merges = new ArrayList<>();
    private final LastAxisNorm swinOutNorm;
    private final Linear attend1;
    private final Linear attend2;
    private final Linear classifier;

    public DualPathNet(DualPathSpec spec, int classes) {
        super((byte) 1);
        this.spec = spec;
        this.classes = classes;
        List<Integer> cd = spec.convDims();
        this.convStem = addChildBlock("conv_stem", Conv2d.builder().setFilters(cd.get(0)).setKernelShape(new Shape(4, 4)).optStride(new Shape(4, 4)).build());
        this.convStemNorm = addChildBlock("conv_stem_norm", new LastAxisNorm(cd.get(0)));
        for (int s = 0; s < cd.size(); s++) {
            if (s > 0) {
                convDownNorms.add(addChildBlock("conv_down_norm" + s, new LastAxisNorm(cd.get(s - 1))));
                convDowns.add(addChildBlock("conv_down" + s, Conv2d.builder().setFilters(cd.get(s)).setKernelShape(new Shape(2, 2))
                        .optStride(new Shape(2, 2)).build()));
            }
            SequentialBlock stage = new SequentialBlock();
            for (int i = 0; i < spec.convDepths().get(s); i++) {
                stage.add(new ConvNeXtBlock(cd.get(s)));
            }
            convStages.add(addChildBlock("conv_stage" + s, stage));
        }
        this.convOutNorm = addChildBlock("conv_out_norm", new LastAxisNorm(cd.get(cd.size() - 1)));
        List<Integer> sd = spec.swinDims();
        this.swinEmbed = addChildBlock("swin_embed", Conv2d.builder().setFilters(sd.get(0)).setKernelShape(new Shape(4, 4)).optStride(new Shape(4, 4)).build());
        this.swinEmbedNorm = addChildBlock("swin_embed_norm", new LastAxisNorm(sd.get(0)));
        for (int s = 0; s < sd.size(); s++) {
            SequentialBlock stage = new SequentialBlock();
            for (int i = 0; i < spec.swinDepths().get(s); i++) {
                stage.add(new SwinBlock(sd.get(s), spec.heads().get(s), spec.window(), i % 2 == 1));
            }
            swinStages.add(addChildBlock("swin_stage" + s, stage));
            if (s < sd.size() - 1) {
                merges.add(addChildBlock("swin_merge" + s, new PatchMerging(sd.get(s))));
            }
        }
        this.swinOutNorm = addChildBlock("swin_out_norm", new LastAxisNorm(sd.get(sd.size() - 1)));
        int f = spec.featureDim();
        this.attend1 = spec.attentionFusion() ? addChildBlock("fusion_fc1", Linear.builder().setUnits(Math.max(8, f / 4)).build()) : null;
        this.attend2 = spec.attentionFusion() ? addChildBlock("fusion_fc2", Linear.builder().setUnits(f).build()) : null;
        this.classifier = addChildBlock("classifier", Linear.builder().setUnits(classes).build());
    }

    @Override
    public DualPathSpec spec() {
        return spec;
    }

    @Override
    public int classes() {
        return classes;
    }

    @Override
    public Split split(ParameterStore ps, NDArray input, boolean training) {
        NDArray swin = swinFeatures(ps, input, training);
        return new Split(convMap(ps, input, training), m -> head(ps, m, swin, training));
    }

    @Override
    public String mapDescription() {
        return "dual path: the ConvNeXt path's last stage (the Swin path is held fixed)";
    }

    @Override
    public boolean usesBatchNorm() {
        return false;
    }

    /** The ConvNeXt path's last-stage map (B, C, h, w): what Grad-CAM explains. */
    public NDArray convMap(ParameterStore ps, NDArray input, boolean training) {
        NDArray x = convStem.forward(ps, new NDList(input), training).singletonOrThrow();
        x = channelsFirstNorm(ps, convStemNorm, x, training);
        for (int s = 0; s < convStages.size(); s++) {
            if (s > 0) {
                x = channelsFirstNorm(ps, convDownNorms.get(s - 1), x, training);
                x = convDowns.get(s - 1).forward(ps, new NDList(x), training).singletonOrThrow();
            }
            x = convStages.get(s).forward(ps, new NDList(x), training).singletonOrThrow();
        }
        return x;
    }

    /** The Swin path, pooled and normalised: (B, C). */
    public NDArray swinFeatures(ParameterStore ps, NDArray input, boolean training) {
        NDArray x = swinEmbed.forward(ps, new NDList(input), training).singletonOrThrow().transpose(0, 2, 3, 1);
        x = swinEmbedNorm.forward(ps, new NDList(x), training).singletonOrThrow();
        for (int s = 0; s < swinStages.size(); s++) {
            x = swinStages.get(s).forward(ps, new NDList(x), training).singletonOrThrow();
            if (s < merges.size()) {
                x = merges.get(s).forward(ps, new NDList(x), training).singletonOrThrow();
            }
        }
        return swinOutNorm.forward(ps, new NDList(x.mean(new int[] {2}).mean(new int[] {1})), training).singletonOrThrow();
    }

    /** From the ConvNeXt map and the Swin features to {@code (logits, fused features)}. */
    public NDList head(ParameterStore ps, NDArray convMap, NDArray swin, boolean training) {
        NDArray conv = convOutNorm.forward(ps, new NDList(convMap.mean(new int[] {3}).mean(new int[] {2})), training).singletonOrThrow();
        NDArray fused = NDArrays.concat(new NDList(conv, swin), 1);
        if (attend1 != null) {
            NDArray a = Activation.relu(attend1.forward(ps, new NDList(fused), training).singletonOrThrow());
            a = Activation.sigmoid(attend2.forward(ps, new NDList(a), training).singletonOrThrow());
            fused = fused.mul(a);
        }
        return new NDList(classifier.forward(ps, new NDList(fused), training).singletonOrThrow(), fused);
    }

    private static NDArray channelsFirstNorm(ParameterStore ps, LastAxisNorm norm, NDArray x, boolean training) {
        return norm.forward(ps, new NDList(x.transpose(0, 2, 3, 1)), training).singletonOrThrow().transpose(0, 3, 1, 2);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray input = inputs.singletonOrThrow();
        return head(ps, convMap(ps, input, training), swinFeatures(ps, input, training), training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long n = inputShapes[0].get(0);
        return new Shape[] {new Shape(n, classes), new Shape(n, spec.featureDim())};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        long b = in.get(0);
        long side = in.get(2) / 4;
        List<Integer> cd = spec.convDims();
        convStem.initialize(manager, dataType, in);
        convStemNorm.initialize(manager, dataType, new Shape(b, side, side, cd.get(0)));
        long h = side;
        for (int s = 0; s < cd.size(); s++) {
            if (s > 0) {
                convDownNorms.get(s - 1).initialize(manager, dataType, new Shape(b, h, h, cd.get(s - 1)));
                convDowns.get(s - 1).initialize(manager, dataType, new Shape(b, cd.get(s - 1), h, h));
                h /= 2;
            }
            convStages.get(s).initialize(manager, dataType, new Shape(b, cd.get(s), h, h));
        }
        convOutNorm.initialize(manager, dataType, new Shape(b, cd.get(cd.size() - 1)));
        List<Integer> sd = spec.swinDims();
        swinEmbed.initialize(manager, dataType, in);
        swinEmbedNorm.initialize(manager, dataType, new Shape(b, side, side, sd.get(0)));
        h = side;
        for (int s = 0; s < sd.size(); s++) {
            swinStages.get(s).initialize(manager, dataType, new Shape(b, h, h, sd.get(s)));
            if (s < merges.size()) {
                merges.get(s).initialize(manager, dataType, new Shape(b, h, h, sd.get(s)));
                h /= 2;
            }
        }
        swinOutNorm.initialize(manager, dataType, new Shape(b, sd.get(sd.size() - 1)));
        int f = spec.featureDim();
        if (attend1 != null) {
            attend1.initialize(manager, dataType, new Shape(b, f));
            attend2.initialize(manager, dataType, new Shape(b, Math.max(8, f / 4)));
        }
        classifier.initialize(manager, dataType, new Shape(b, f));
    }
}
