"""Figures: one ``fig_<view>(frame, lang="nl")`` per view, returning a plotly figure.

Figures compute nothing and never touch DuckDB or the store: they take the frame a
metric returned. ``lines``, ``bars``, ``step_curve`` and ``heatmap`` are the plain
chart primitives of the monthly report (``coarse_steps`` makes a curve fit for an
external chart), ``fit_page`` sizes a figure for its A4 page;
all share one style (``_style``).
"""

from ipgar_metrics.figures._casework import (
    fig_caseload,
    fig_contact_gaps,
    fig_contact_intervals,
    fig_flow,
    fig_handovers,
    fig_integrality_domains,
    fig_own_org_trend,
    fig_time_in_approach,
)
from ipgar_metrics.figures._charts import (
    Protected,
    bars,
    heatmap,
    lines,
    step_curve,
)
from ipgar_metrics.figures._evaluate import fig_its, fig_km_periods, fig_period_mix
from ipgar_metrics.figures._fit import (
    PLOTLY_HEIGHT,
    PLOTLY_MARGIN_T,
    PLOTLY_WIDTH,
    fit_axis_titles,
    wrap_words,
)
from ipgar_metrics.figures._images import IMAGE_FORMATS, write_images
from ipgar_metrics.figures._leadtime import (
    fig_cumulative_incidence,
    fig_info_loops,
    fig_km,
    fig_lead_time_distribution,
    fig_monthly_trend,
    fig_performance_spectrum,
    fig_stage_breakdown,
)
from ipgar_metrics.figures._marks import mark_dates, step_timeline
from ipgar_metrics.figures._network import (
    component_size_bands,
    fig_component_sizes,
    fig_network,
)
from ipgar_metrics.figures._paths import (
    REPORT_MAP_HEIGHT,
    fig_case_durations,
    fig_dotted_chart,
    fig_process_map,
    fig_variants,
    fig_work_handovers,
    process_map_svg,
)
from ipgar_metrics.figures._practice import fig_funnel
from ipgar_metrics.figures._processmap import (
    ProcessMap,
    fig_layered_map,
    process_map_html,
    process_map_layout,
    process_map_svg_text,
    write_process_map,
)
from ipgar_metrics.figures._spectrum import fig_segment_spectrum
from ipgar_metrics.figures._steps import coarse_steps
from ipgar_metrics.figures._style import (
    fit_page,
    use_notebook_display,
    use_static_fallback,
)
from ipgar_metrics.figures._whatif import fig_whatif_distributions

__all__ = [
    "IMAGE_FORMATS",
    "PLOTLY_HEIGHT",
    "PLOTLY_MARGIN_T",
    "PLOTLY_WIDTH",
    "REPORT_MAP_HEIGHT",
    "ProcessMap",
    "Protected",
    "bars",
    "coarse_steps",
    "component_size_bands",
    "fig_case_durations",
    "fig_caseload",
    "fig_component_sizes",
    "fig_contact_gaps",
    "fig_contact_intervals",
    "fig_cumulative_incidence",
    "fig_dotted_chart",
    "fig_flow",
    "fig_funnel",
    "fig_handovers",
    "fig_info_loops",
    "fig_integrality_domains",
    "fig_its",
    "fig_km",
    "fig_km_periods",
    "fig_layered_map",
    "fig_lead_time_distribution",
    "fig_monthly_trend",
    "fig_network",
    "fig_own_org_trend",
    "fig_performance_spectrum",
    "fig_period_mix",
    "fig_process_map",
    "fig_segment_spectrum",
    "fig_stage_breakdown",
    "fig_time_in_approach",
    "fig_variants",
    "fig_whatif_distributions",
    "fig_work_handovers",
    "fit_axis_titles",
    "fit_page",
    "heatmap",
    "lines",
    "mark_dates",
    "process_map_html",
    "process_map_layout",
    "process_map_svg",
    "process_map_svg_text",
    "step_curve",
    "step_timeline",
    "use_notebook_display",
    "use_static_fallback",
    "wrap_words",
    "write_images",
    "write_process_map",
]
