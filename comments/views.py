from django.conf import settings
from django.contrib import messages
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from articles.models import Article
from articles.views import article_page_context
from newsroom.http import client_ip

from . import screening, trust, workflow
from .forms import CommentForm


def csrf_refused(request):
    """Django's CSRF check, made here so that a refusal gives the reader's text back."""
    return CsrfViewMiddleware(lambda request: None).process_view(request, None, (), {}) is not None


@csrf_exempt  # checked in the view: a form from a cached page may come without a token
def post(request, pk):
    """A reader posts a comment: refused on a closed article, kept with its errors when invalid."""
    article = get_object_or_404(Article.objects.published(), pk=pk)
    if request.method != "POST":  # e.g. reloading the page that showed the form's errors
        return redirect(f"{article.get_absolute_url()}#comments")
    if not article.accepts_comments():
        return comments_closed(request, article)
    form = CommentForm(request.POST)
    ip_address = client_ip(request)
    if csrf_refused(request):
        form.is_valid()
        form.add_error(None, _("انتهت صلاحية النموذج أو لم تكتمل حمايته. نصّك محفوظ هنا: أعد الإرسال."))
        status = 403
    elif screening.rate_limited(ip_address):
        form.add_error(
            None, _("أرسلت تعليقات كثيرة في وقت قصير. انتظر بضع دقائق ثم أعد المحاولة؛ نصّك محفوظ هنا.")
        )
        status = 429
    elif form.is_valid():
        ua = request.headers.get("user-agent", "")
        key = trust.browser_key(request) if settings.COMMENTS_AUTO_APPROVE else ""
        try:
            posted = workflow.post_comment(
                article, **form.comment_data(), ip_address=ip_address, user_agent=ua, browser_key=key
            )
        except workflow.CommentsClosed:
            return comments_closed(request, article)
        if posted.status == posted.Status.APPROVED:
            notice = _("شكرًا لك. نُشر تعليقك.")
        else:  # held and spam read the same: a spammer learns nothing
            notice = _("شكرًا لك. تعليقك في انتظار المراجعة، وسيظهر بعد موافقة هيئة التحرير.")
        messages.success(request, notice, extra_tags="comment")
        response = redirect(f"{article.get_absolute_url()}#comments")
        return trust.remember_browser(response, request, key) if key else response
    else:
        status = 400
    context = {**article_page_context(request, article), "object": article, "comment_form": form}
    return render(request, "articles/article_detail.html", context, status=status)


def comments_closed(request, article):
    """403, saying why, with the reader's text given back so nothing typed is lost."""
    context = {"article": article, "body": request.POST.get("body", "")[:3000]}
    return render(request, "comments/comments_closed.html", context, status=403)
