package dev.fitkit.processor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;

/**
 * Generates a handler class in the first round, as another processor might, so that the handler
 * processor meets it in the second round.
 */
final class LateHandlerProcessor extends AbstractProcessor {
  private boolean generated;

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of("*");
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    if (!generated) {
      generated = true;
      try (Writer writer =
          processingEnv.getFiler().createSourceFile("com.example.Late").openWriter()) {
        writer.write(
            "package com.example;\n"
                + "class Late {\n"
                + "  @dev.fitkit.annotations.OnEpochEnd\n"
                + "  void late() {}\n"
                + "}\n");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return false;
  }
}
