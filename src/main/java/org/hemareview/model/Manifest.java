package org.hemareview.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * What a model package says about itself (manifest.json).
 *
 * @param architecture  the network's settings, enough to rebuild it
 * @param colourSpace   HSV or RGB
 * @param classes       class names in output order
 * @param preprocessing how a crop becomes input (human-readable)
 * @param temperature   softmax temperature fitted on the validation split (1 = uncalibrated)
 * @param training      data, settings, time
 * @param metrics       scores on the held-out data named in {@code training}
 * @param weights       the parameter file's name
 * @param weightsSha256 its SHA-256; loading refuses a file that does not match
 * @param shift         how far a crop's feature lies from the training data (null: not fitted, older models)
 * @param colourShift   how far a crop's own colours lie from the training labs' crops; where fitted it is the shift
 *                      score the classifier reports, in place of {@code shift} (it tells a left-out lab apart better,
 *                      docs/benchmarks.md issue 18); null: not fitted
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Manifest(String name, String version, NetworkSpec architecture, @JsonProperty("input_size") int inputSize,
                       @JsonProperty("colour_space") String colourSpace, List<String> classes, String preprocessing, double temperature,
                       Map<String, Object> training, Map<String, Object> metrics, String weights,
                       @JsonProperty("weights_sha256") String weightsSha256, @JsonProperty("created_at") String createdAt,
                       @JsonProperty("colour_normalisation") String colourNormalisation, ShiftStatistics shift,
                       @JsonProperty("colour_shift") ColourShift colourShift) {
    public static final String FILE = "manifest.json";

    public Manifest(String name, String version, NetworkSpec architecture, int inputSize, String colourSpace, List<String> classes,
                    String preprocessing, double temperature, Map<String, Object> training, Map<String, Object> metrics, String weights,
                    String weightsSha256, String createdAt, String colourNormalisation, ShiftStatistics shift) {
        this(name, version, architecture, inputSize, colourSpace, classes, preprocessing, temperature, training, metrics, weights, weightsSha256,
                createdAt, colourNormalisation, shift, null);
    }

    /** The threshold of the shift score the classifier reports (the colour score's where fitted), or null when none is. */
    public Double shiftThreshold() {
        return colourShift != null ? Double.valueOf(colourShift.threshold()) : shift != null ? Double.valueOf(shift.threshold()) : null;
    }

    /** This manifest with a (re)fitted colour shift score. */
    public Manifest withColourShift(ColourShift colour) {
        return new Manifest(name, version, architecture, inputSize, colourSpace, classes, preprocessing, temperature, training, metrics, weights,
                weightsSha256, createdAt, colourNormalisation, shift, colour);
    }

    /** This manifest for a weights file with the given hash. */
    public Manifest withWeights(String file, String sha256) {
        return new Manifest(name, version, architecture, inputSize, colourSpace, classes, preprocessing, temperature, training, metrics, file, sha256,
                createdAt, colourNormalisation, shift, colourShift);
    }

    /** This manifest with other scores. */
    public Manifest withMetrics(Map<String, Object> scores) {
        return new Manifest(name, version, architecture, inputSize, colourSpace, classes, preprocessing, temperature, training, scores, weights,
                weightsSha256, createdAt, colourNormalisation, shift, colourShift);
    }

    /** This manifest with (re)fitted shift statistics. */
    public Manifest withShift(ShiftStatistics statistics) {
        return new Manifest(name, version, architecture, inputSize, colourSpace, classes, preprocessing, temperature, training, metrics, weights,
                weightsSha256, createdAt, colourNormalisation, statistics, colourShift);
    }

    /** A numeric score from {@link #metrics}, if there is one under {@code key}. */
    public java.util.OptionalDouble metric(String key) {
        Object v = metrics == null ? null : metrics.get(key);
        return v instanceof Number n ? java.util.OptionalDouble.of(n.doubleValue()) : java.util.OptionalDouble.empty();
    }
}
