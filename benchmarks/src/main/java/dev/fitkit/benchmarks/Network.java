package dev.fitkit.benchmarks;

import ai.djl.nn.Block;
import dev.fitkit.examples.nets.LeNet;
import dev.fitkit.examples.nets.Mlp;

/** The networks the benchmarks train, with the batch size each is timed at. */
enum Network {
  /** LeNet on 28x28 images, batch 128: the convolutions dominate a step. */
  LENET(128),
  /** 784-64-10, batch 64: a step is cheap, so per-batch overhead shows. */
  MLP(64);

  final int batchSize;

  Network(int batchSize) {
    this.batchSize = batchSize;
  }

  Block build() {
    return this == LENET ? LeNet.build() : Mlp.build(64);
  }

  String id() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
