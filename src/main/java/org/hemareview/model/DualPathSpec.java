package org.hemareview.model;

import java.util.List;
import java.util.Locale;

/**
 * The dual-path network's settings (Kilic 2026: ConvNeXt path + Swin Transformer path, fused).
 *
 * @param convDims       channels per ConvNeXt stage
 * @param convDepths     ConvNeXt blocks per stage
 * @param swinDims       channels per Swin stage (doubling through patch merging)
 * @param swinDepths     Swin blocks per stage (pairs: window, shifted window)
 * @param heads          attention heads per Swin stage
 * @param window         Swin window side in tokens
 * @param inputSize      square input side in pixels (a multiple of 4 x window x 2^(stages-1))
 * @param attentionFusion channel attention over the concatenated pooled features; false: plain concatenation (the ablation)
 * @param mpm            the multi-scale preprocessing module on the input crop (image.Preprocessor)
 */
public record DualPathSpec(String name, List<Integer> convDims, List<Integer> convDepths, List<Integer> swinDims, List<Integer> swinDepths,
                           List<Integer> heads, int window, int inputSize, boolean attentionFusion, boolean mpm) implements NetworkSpec {

    /** CPU-sized: three stages per path, 32-128 channels, 96-px input (24x24 tokens, windows of 6). */
    public static DualPathSpec slim() {
        return new DualPathSpec("dualpath-slim", List.of(32, 64, 128), List.of(1, 1, 2), List.of(32, 64, 128), List.of(2, 2, 2),
                List.of(2, 4, 8), 6, 96, true, true);
    }

    /** Close to the paper's widths: ConvNeXt-T (96-768, 3/3/9/3) and Swin-T (96-768, 2/2/6/2, 3-24 heads, window 7), 224 px. For GPUs. */
    public static DualPathSpec base() {
        return new DualPathSpec("dualpath-base", List.of(96, 192, 384, 768), List.of(3, 3, 9, 3), List.of(96, 192, 384, 768),
                List.of(2, 2, 6, 2), List.of(3, 6, 12, 24), 7, 224, true, true);
    }

    public static DualPathSpec named(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "dualpath-slim" -> slim();
            case "dualpath-base" -> base();
            default -> throw new IllegalArgumentException("unknown architecture '" + name + "' (known: dualpath-slim, dualpath-base)");
        };
    }

    public DualPathSpec withFusion(boolean attention) {
        return new DualPathSpec(name, convDims, convDepths, swinDims, swinDepths, heads, window, inputSize, attention, mpm);
    }

    public DualPathSpec withMpm(boolean on) {
        return new DualPathSpec(name, convDims, convDepths, swinDims, swinDepths, heads, window, inputSize, attentionFusion, on);
    }

    @Override
    public DualPathSpec withInputSize(int size) {
        return new DualPathSpec(name, convDims, convDepths, swinDims, swinDepths, heads, window, size, attentionFusion, mpm);
    }

    @Override
    public boolean usesMpm() {
        return mpm;
    }

    @Override
    public CellNetwork build(int classes) {
        return new DualPathNet(this, classes);
    }

    @Override
    public String describe() {
        return "Dual-path ConvNeXt + Swin Transformer (after Kilic, J Imaging Inform Med 2026) as built by HemaReview: architecture `" + name
                + "`, " + (attentionFusion ? "channel-attention fusion" : "plain concatenation (ablation)") + (mpm ? ", MPM preprocessing" : ", no MPM");
    }

    /** Channels of the fused, pooled feature vector (what the classifier and the center loss see). */
    @Override
    public int featureDim() {
        return convDims.get(convDims.size() - 1) + swinDims.get(swinDims.size() - 1);
    }
}
