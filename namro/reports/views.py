"""Downloads of the reports app: documents built from what the read side gathers."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from namro.access import policy
from namro.oversight.review_data import review_draft

from .review_docx import review_docx

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@login_required
def review_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The Word draft of a review (sơ kết, tổng kết), for the office to edit."""
    qs = policy.visible_reviews(request.user).select_related("document", "unit")
    review = get_object_or_404(qs, pk=pk)
    response = HttpResponse(review_docx(review_draft(review)), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="so-ket-tong-ket-{review.pk}.docx"'
    return response
