package org.hemareview.classify;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * Class-activation maps ({@link CamMethod}: Grad-CAM, Grad-CAM++, HiResCAM, LayerCAM) on the network's last
 * convolutional map (the CFFM-fused map) or on a finer map some stages earlier ({@link #forReview for review}, one stage back):
 * the map is computed without gradients, made a leaf that requires one, the head is run inside a
 * gradient collector and the chosen class's raw score (before softmax) is back-propagated. The
 * method combines map and gradient; the result goes through a ReLU, is upsampled to the crop and
 * divided by its maximum when that is positive. The classifier's parameters
 * are frozen, so no gradient reaches them or any model being trained.
 */
public final class GradCam {
    private final CellClassifier classifier;
    /** Stages before the last whose output is explained where the review window shows the map. */
    public static final int REVIEW_STAGES_BACK = 1;
    private final int stagesBack;

    public GradCam(CellClassifier classifier) {
        this(classifier, 0);
    }

    /**
     * The explanation the product shows (window, practice, {@code classify --gradcam}): {@link CamMethod#DEFAULT}
     * (LayerCAM) on Conv4's output, one stage before the last (8x8 at 128 px): the pointing game's choice with each
     * lab left out, over four methods on every stage (docs/benchmarks.md, issue 16, tenth round). With the bundled
     * model its peak lies inside the cell on 0.917 / 0.890 / 0.957 of PBC / DeepAPL / BCCD crops, against 0.896 /
     * 0.858 / 0.900 for HiResCAM on Conv2 (the default of 2026-12-07) and 0.40 / 0.58 / 0.17 on the last map, whose
     * 4x4 cells are coarser than a lymphocyte. LayerCAM on Conv2 has the steepest deletion curve, this map the next.
     */
    public static GradCam forReview(CellClassifier classifier) {
        return new GradCam(classifier, REVIEW_STAGES_BACK);
    }

    /** What this explainer's map is, for the explanation panel. */
    public String mapDescription() {
        return classifier.mapDescription(stagesBack);
    }

    /** The method and the map together ("LayerCAM, ..."), as the panel and the JSON name an explanation. */
    public String describe(CamMethod method) {
        return method.label() + ", " + mapDescription();
    }

    /** The map {@code stagesBack} stages before the last (where the network has one; else the last). */
    public GradCam(CellClassifier classifier, int stagesBack) {
        if (stagesBack < 0) {
            throw new IllegalArgumentException("stages back must be 0 or more: " + stagesBack);
        }
        this.classifier = classifier;
        this.stagesBack = stagesBack;
    }

    /**
     * Explains {@code classIndex} (or the predicted class when negative) for a crop of any size, with the given way of
     * combining the map and its gradient (no default: the caller says which map it shows).
     */
    public Heatmap explain(Mat crop, int classIndex, CamMethod method) {
        return explainResized(classifier.encoder().resize(crop), classIndex, crop.cols(), crop.rows(), method);
    }

    /** For a crop already at the input size; the map is upsampled to outWidth x outHeight. */
    public Heatmap explainResized(byte[] resized, int classIndex, int outWidth, int outHeight, CamMethod method) {
        InputEncoder enc = classifier.encoder();
        int s = enc.size();
        float[] x = new float[3 * s * s];
        enc.encode(resized, x, 0);
        float[] cam;
        int mh;
        int mw;
        int target;
        synchronized (classifier) { // one collector at a time, and the classifier's forward is not re-entrant
            org.hemareview.model.CellNetwork net = classifier.network(); // under the lock: re-estimated statistics replace it
            try (NDManager m = classifier.manager().newSubManager()) {
                ParameterStore ps = new ParameterStore(m, false);
                NDArray in = m.create(x, new Shape(1, 3, s, s));
                org.hemareview.model.CellNetwork.Split split = net.splitBack(ps, in, false, stagesBack).orElseGet(() -> net.split(ps, in, false));
                NDArray map = split.map();
                map.setRequiresGradient(true);
                NDArray grad;
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray logits = split.head().apply(map).get(0);
                    target = classIndex >= 0 ? classIndex : (int) logits.argMax(1).getLong(0);
                    gc.backward(logits.get(0, target));
                }
                grad = map.getGradient();
                Shape shape = map.getShape();
                int c = (int) shape.get(1);
                mh = (int) shape.get(2);
                mw = (int) shape.get(3);
                cam = method.combine(map.toFloatArray(), grad.toFloatArray(), c, mh, mw);
            }
        }
        return toHeatmap(cam, mw, mh, outWidth, outHeight, target);
    }

    private Heatmap toHeatmap(float[] cam, int mw, int mh, int w, int h, int target) {
        Mat small = new Mat(mh, mw, CvType.CV_32F);
        Mat big = new Mat();
        try {
            for (int i = 0; i < cam.length; i++) {
                cam[i] = Math.max(0f, Float.isFinite(cam[i]) ? cam[i] : 0f); // ReLU; never NaN
            }
            small.put(0, 0, cam);
            Imgproc.resize(small, big, new Size(w, h), 0, 0, Imgproc.INTER_CUBIC);
            float[] v = new float[w * h];
            big.get(0, 0, v);
            float max = 0;
            int peak = (h / 2) * w + w / 2;
            for (int i = 0; i < v.length; i++) {
                v[i] = Math.max(0f, v[i]); // cubic overshoot
                if (v[i] > max) {
                    max = v[i];
                    peak = i;
                }
            }
            if (max > 0) {
                for (int i = 0; i < v.length; i++) {
                    v[i] /= max;
                }
            }
            return new Heatmap(target, classifier.manifest().classes().get(target), w, h, v, peak % w, peak / w);
        } finally {
            small.release();
            big.release();
        }
    }
}
