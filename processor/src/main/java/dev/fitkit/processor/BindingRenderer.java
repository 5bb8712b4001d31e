package dev.fitkit.processor;

import static javax.lang.model.element.Modifier.FINAL;
import static javax.lang.model.element.Modifier.PUBLIC;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import javax.annotation.processing.Generated;

/**
 * Writes the {@code HandlerBinding} of one handler as Java source, calling its methods directly.
 */
final class BindingRenderer {
  static final ClassName HANDLER_BINDING = ClassName.get("dev.fitkit.spi", "HandlerBinding");
  private static final ClassName LISTENER_REGISTRY =
      ClassName.get("dev.fitkit.spi", "ListenerRegistry");

  private BindingRenderer() {}

  static JavaFile render(HandlerModel model) {
    ClassName handler = model.handler();
    TypeSpec binding =
        TypeSpec.classBuilder(model.binding())
            .addOriginatingElement(model.element())
            .addAnnotation(
                AnnotationSpec.builder(Generated.class)
                    .addMember("value", "$S", HandlerProcessor.class.getCanonicalName())
                    .build())
            .addModifiers(PUBLIC, FINAL)
            .addSuperinterface(ParameterizedTypeName.get(HANDLER_BINDING, handler))
            .addMethod(
                override(
                        "handlerClass",
                        ParameterizedTypeName.get(ClassName.get(Class.class), handler))
                    .addStatement("return $T.class", handler)
                    .build())
            .addMethod(
                override("id", ClassName.get(String.class))
                    .addStatement("return $S", model.id())
                    .build())
            .addMethod(
                override("autoLoad", TypeName.BOOLEAN)
                    .addStatement("return $L", model.autoLoad())
                    .build())
            .addMethod(bind(model))
            .build();
    return JavaFile.builder(handler.packageName(), binding).build();
  }

  private static MethodSpec.Builder override(String name, TypeName returns) {
    return MethodSpec.methodBuilder(name)
        .addAnnotation(Override.class)
        .addModifiers(PUBLIC)
        .returns(returns);
  }

  private static MethodSpec bind(HandlerModel model) {
    MethodSpec.Builder bind =
        override("bind", TypeName.VOID)
            .addParameter(model.handler(), "handler")
            .addParameter(LISTENER_REGISTRY, "registry");
    for (ListenerMethod listener : model.listeners()) {
      // Not addStatement: a statement would indent the lambda body as a continuation line.
      bind.addCode(
          "registry.add($T.class, $L, $S, $L);\n",
          ClassName.bestGuess(listener.event().eventTypeName()),
          listener.priority(),
          listener.methodName(),
          lambda(listener));
    }
    return bind.build();
  }

  private static CodeBlock lambda(ListenerMethod listener) {
    CodeBlock call =
        !listener.takesEvent()
            ? CodeBlock.of("handler.$L()", listener.methodName())
            : listener
                .argumentCast()
                .map(type -> CodeBlock.of("handler.$L(($T) event)", listener.methodName(), type))
                .orElse(CodeBlock.of("handler.$L(event)", listener.methodName()));
    if (listener.returnsBoolean()) {
      return CodeBlock.of("event -> $L", call);
    }
    return CodeBlock.builder()
        .add("event -> {\n$>")
        .addStatement("$L", call)
        .addStatement("return false")
        .add("$<}")
        .build();
  }
}
