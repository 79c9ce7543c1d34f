// Dutch month names on plotly.js date axes ("okt 2025" for "Oct 2025") in the images
// the toolkit draws with kaleido (figures._style.kaleido_options loads this script
// into kaleido's page). kaleido passes a figure's data and layout to Plotly.toImage
// but not its config, so a figure asks for its locale in its layout's meta
// (figures._style.with_locale sets meta.ipgar_locale), and the wrapper below puts it
// into the config. The names are those of labels.MONTH_NAMES and SHORT_MONTH_NAMES
// (tests/e2e/test_figure_images.py compares them).
Plotly.register({
  moduleType: "locale",
  name: "nl",
  dictionary: {},
  format: {
    months: ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"],
    shortMonths: ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]
  }
});
(function () {
  var toImage = Plotly.toImage;
  Plotly.toImage = function (figure, options) {
    var meta = figure && figure.layout && figure.layout.meta;
    if (meta && meta.ipgar_locale) {
      var config = Object.assign({}, figure.config, {locale: meta.ipgar_locale});
      figure = Object.assign({}, figure, {config: config});
    }
    return toImage.call(this, figure, options);
  };
})();
