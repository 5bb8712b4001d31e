package dev.fitkit.processor;

import com.sun.source.tree.AnnotationTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ModifiersTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;

/**
 * Finds handler classes declared inside method bodies or initializers, which {@link
 * RoundEnvironment#getElementsAnnotatedWith} never returns, so that they are reported instead of
 * silently ignored. Needs javac's tree API; with another compiler it finds nothing.
 */
final class LocalClassFinder {
  private static final String FIT_HANDLER = simpleName(Annotations.FIT_HANDLER);

  private final Optional<Trees> trees;

  LocalClassFinder(ProcessingEnvironment env) {
    this.trees = treesOf(env);
  }

  private static Optional<Trees> treesOf(ProcessingEnvironment env) {
    try {
      return Optional.of(Trees.instance(env));
    } catch (IllegalArgumentException notJavac) {
      return Optional.empty();
    }
  }

  List<TypeElement> find(RoundEnvironment round) {
    List<TypeElement> found = new ArrayList<>();
    trees.ifPresent(
        t -> {
          for (TypeElement root : ElementFilter.typesIn(round.getRootElements())) {
            TreePath path = t.getPath(root);
            if (path != null) {
              new Scanner(t, found).scan(path, null);
            }
          }
        });
    return found;
  }

  private static final class Scanner extends TreePathScanner<Void, Void> {
    private final Trees trees;
    private final List<TypeElement> found;

    Scanner(Trees trees, List<TypeElement> found) {
      this.trees = trees;
      this.found = found;
    }

    @Override
    public Void visitClass(ClassTree tree, Void unused) {
      // Asking for the element of a local class makes javac attribute the enclosing class, so ask
      // only when the tree mentions one of our annotations.
      if (mentionsHandlerAnnotation(tree)
          && trees.getElement(getCurrentPath()) instanceof TypeElement type
          && HandlerTypes.isDeclaredInCode(type)
          && isHandler(type)) {
        found.add(type);
      }
      return super.visitClass(tree, unused);
    }
  }

  /** Whether the names matched our annotations, not others of the same simple name. */
  private static boolean isHandler(TypeElement type) {
    return Annotations.find(type, Annotations.FIT_HANDLER).isPresent()
        || !EventAnnotation.methodsOf(type).isEmpty();
  }

  private static boolean mentionsHandlerAnnotation(ClassTree tree) {
    return hasHandlerAnnotation(tree.getModifiers())
        || tree.getMembers().stream()
            .anyMatch(
                m -> m instanceof MethodTree method && hasHandlerAnnotation(method.getModifiers()));
  }

  private static boolean hasHandlerAnnotation(ModifiersTree modifiers) {
    for (AnnotationTree annotation : modifiers.getAnnotations()) {
      // A cheap syntactic test before asking javac for elements: event annotations are named
      // On..., by convention of the built-in ones and of packs'.
      String name = simpleName(annotation.getAnnotationType().toString());
      if (name.equals(FIT_HANDLER) || name.startsWith("On")) {
        return true;
      }
    }
    return false;
  }

  private static String simpleName(String name) {
    return name.substring(name.lastIndexOf('.') + 1);
  }
}
