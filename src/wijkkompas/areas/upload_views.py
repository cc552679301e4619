"""Wijkbeeld import page: upload a file, see the preview and the dry run, confirm. Thin: the
work is in ``areas.uploads``; every decision goes through ``accounts.policy``."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from wijkkompas.accounts import policy
from wijkkompas.areas import uploads


def _form(
    request: HttpRequest, *, errors: list[str], status: int = 200, posted: bool = False
) -> HttpResponse:
    return render(
        request,
        "areas/upload.html",
        {
            "kinds": uploads.KINDS,
            "extensions": {k: ", ".join(v) for k, v in uploads.EXTENSIONS.items()},
            "accept": ",".join(sorted({e for v in uploads.EXTENSIONS.values() for e in v})),
            "chosen_kind": request.POST.get("soort", "")
            if posted
            else request.GET.get("soort", ""),
            "chosen_year": request.POST.get("jaar", "") if posted else "",
            "errors": errors,
            "max_size": uploads.size_text(uploads.max_upload_bytes()),
            "max_bytes": uploads.max_upload_bytes(),
            "recent": uploads.recent_imports(),
        },
        status=status,
    )


@csrf_protect
def _receive(request: HttpRequest) -> HttpResponse:
    try:
        year = uploads.parse_year(request.POST.get("jaar"))
        upload = uploads.store_upload(
            user=request.user,
            kind=request.POST.get("soort", ""),
            uploaded=request.FILES.get("bestand"),
            year=year,
        )
    except uploads.UploadRefused as exc:
        return _form(request, errors=[str(exc)], status=400, posted=True)
    uploads.analyse(upload, request.user)
    uploads.remember(request.session, upload)
    return redirect("areas:upload_preview", upload.token, permanent=False)


@csrf_exempt  # the CSRF check reads the body; _receive checks it once the size is known to fit
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "upload", "area_data")
    if request.method != "POST":
        return _form(request, errors=[])
    too_large = uploads.request_too_large(request.META.get("CONTENT_LENGTH"))
    if too_large:
        uploads.drain(request)
        return _form(request, errors=[too_large], status=413)
    return _receive(request)


def preview(request: HttpRequest, token: str) -> HttpResponse:
    try:  # get_upload asks the policy first (403 before the token is looked at)
        upload = uploads.get_upload(user=request.user, token=token, session=request.session)
    except uploads.UploadGone:
        return _gone(request)
    return render(
        request,
        "areas/upload_preview.html",
        {
            "upload": upload,
            "preview": upload.analysis["preview"],
            "dry": upload.analysis["dry_run"],
        },
    )


def confirm(request: HttpRequest, token: str) -> HttpResponse:
    policy.require(request.user, "upload", "area_data")  # before the method: 403 for any role
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        upload = uploads.get_upload(user=request.user, token=token, session=request.session)
    except uploads.UploadGone:
        return _gone(request)
    if request.POST.get("actie") == "annuleren":
        uploads.discard(upload, request.session)
        request.session[uploads.RESULT_KEY] = {"cancelled": True, "filename": upload.filename}
    else:
        request.session[uploads.RESULT_KEY] = uploads.confirm(
            user=request.user, upload=upload, session=request.session
        )
    return redirect("areas:upload_result")


def result(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "upload", "area_data")
    outcome = request.session.get(uploads.RESULT_KEY)
    if outcome is None:
        return redirect("areas:upload")
    return render(request, "areas/upload_result.html", {"outcome": outcome})


def _gone(request: HttpRequest) -> HttpResponse:
    return render(request, "areas/upload_gone.html", status=404)
