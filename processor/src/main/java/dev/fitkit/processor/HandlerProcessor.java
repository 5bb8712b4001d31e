package dev.fitkit.processor;

import com.google.auto.service.AutoService;
import com.palantir.javapoet.JavaFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Messager;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;

/**
 * Generates a {@code HandlerBinding} for each handler class (a class with event-annotated methods)
 * and registers them in {@code META-INF/services}. Each round runs the pipeline find -> validate ->
 * model -> render; the service file is written once, when processing is over.
 */
@AutoService(Processor.class)
public final class HandlerProcessor extends AbstractProcessor {
  private final Function<HandlerModel, JavaFile> renderer;

  /** Binary names of the handler classes already handled, so no class is generated twice. */
  private final Set<String> seen = new HashSet<>();

  private final ServiceFile services = new ServiceFile();
  private HandlerFinder finder;
  private HandlerValidator validator;
  private ModelBuilder models;

  public HandlerProcessor() {
    this(BindingRenderer::render);
  }

  /** Lets tests swap the rendering step, for example to check how failures are reported. */
  HandlerProcessor(Function<HandlerModel, JavaFile> renderer) {
    this.renderer = renderer;
  }

  @Override
  public synchronized void init(ProcessingEnvironment env) {
    super.init(env);
    finder = new HandlerFinder(env);
    validator = new HandlerValidator(env);
    models = new ModelBuilder(env.getElementUtils());
  }

  /**
   * Every annotation: which ones stand for events is read from their {@code @HandlerEvent}, so
   * packs can declare their own. The processor never claims an annotation.
   */
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
    // No exception may reach javac: it would crash the compilation instead of explaining it.
    try {
      if (round.processingOver()) {
        writeServices();
      } else {
        for (TypeElement type : finder.find(annotations, round)) {
          if (seen.add(processingEnv.getElementUtils().getBinaryName(type).toString())) {
            processHandler(type);
          }
        }
      }
    } catch (RuntimeException e) {
      report(Message.UNEXPECTED_ERROR, null, "this round", stackTrace(e));
    }
    return false;
  }

  /** Validates, models and generates one class; a failure stops only this class. */
  private void processHandler(TypeElement type) {
    try {
      ValidationReport report = validator.validate(type);
      report.printTo(messager());
      if (report.isClean()) {
        generate(models.build(type));
      }
    } catch (RuntimeException e) {
      report(Message.UNEXPECTED_ERROR, type, type.getQualifiedName(), stackTrace(e));
    }
  }

  private void generate(HandlerModel model) {
    try {
      renderer.apply(model).writeTo(processingEnv.getFiler());
      services.add(model.binding().reflectionName());
    } catch (IOException e) {
      report(
          Message.WRITE_FAILED, model.element(), model.binding().canonicalName(), e.getMessage());
    }
  }

  private void writeServices() {
    try {
      services.write(processingEnv.getFiler());
    } catch (IOException e) {
      report(Message.WRITE_FAILED, null, ServiceFile.PATH, e.getMessage());
    }
  }

  private void report(Message message, Element element, Object... args) {
    messager().printMessage(message.kind(), message.format(args), element);
  }

  private Messager messager() {
    return processingEnv.getMessager();
  }

  private static String stackTrace(Throwable e) {
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    return trace.toString();
  }
}
