package dev.fitkit.run;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Translates between a network's parameter ids, random per network instance, and its parameter
 * names, the same in every instance built the same way.
 */
public final class ParameterNames {
  private final Map<String, String> nameById = new HashMap<>();
  private final Map<String, String> idByName = new HashMap<>();

  public ParameterNames(Block block) {
    for (Pair<String, Parameter> entry : block.getParameters()) {
      nameById.put(entry.getValue().getId(), entry.getKey());
      idByName.put(entry.getKey(), entry.getValue().getId());
    }
  }

  public UnaryOperator<String> nameOf() {
    return id -> require(nameById, id, "parameter id");
  }

  public UnaryOperator<String> idOf() {
    return name -> require(idByName, name, "parameter");
  }

  private static String require(Map<String, String> map, String key, String what) {
    String value = map.get(key);
    if (value == null) {
      throw new IllegalArgumentException("The network has no " + what + " " + key);
    }
    return value;
  }
}
