# docs/docs.mk - the docs' figures, drawn from sources in the repository.
#
#   make figures   docs/images/NAME.svg from each docs/images/NAME.dot
#                  (Graphviz); the SVGs are committed beside their sources,
#                  so the docs show them without a build.

FIGURE_SRCS := $(wildcard docs/images/*.dot)
FIGURES     := $(FIGURE_SRCS:.dot=.svg)

.PHONY: figures
figures: $(FIGURES)

docs/images/%.svg: docs/images/%.dot
	$(call quiet,DOT,$@)dot -Tsvg -o $@ $<
