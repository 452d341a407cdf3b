package dev.kerascope.savedmodel;

import com.fasterxml.jackson.databind.JsonNode;

/** One Keras object of a SavedModel: its node in the object graph, its identifier and metadata JSON. */
record KerasObject(int nodeId, String nodePath, String identifier, JsonNode metadata) {
    public String name() {
        return metadata.path("name").asText(null);
    }

    public String className() {
        return metadata.path("class_name").asText(null);
    }
}
