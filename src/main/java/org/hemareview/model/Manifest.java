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
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Manifest(String name, String version, NetworkSpec architecture, @JsonProperty("input_size") int inputSize,
                       @JsonProperty("colour_space") String colourSpace, List<String> classes, String preprocessing, double temperature,
                       Map<String, Object> training, Map<String, Object> metrics, String weights,
                       @JsonProperty("weights_sha256") String weightsSha256, @JsonProperty("created_at") String createdAt) {
    public static final String FILE = "manifest.json";
}
