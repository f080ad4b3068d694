package io.gatehouse.web;

import java.util.List;

/** A message-bundle key with its arguments: what handlers hand to templates instead of finished text. */
public record Text(String key, List<Object> arguments) {

    public Text {
        arguments = List.copyOf(arguments);
    }

    public static Text of(String key, Object... arguments) {
        return new Text(key, List.of(arguments));
    }
}
