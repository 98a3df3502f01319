from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, ListView

from . import previews, spam, workflow
from .forms import CommentForm
from .models import Article, Correction


def home(request, slug=None):
    articles = Article.objects.published().select_related("region")[:20]
    return render(request, "articles/home.html", {"articles": articles})


def article_page_context(request, article):
    """Everything the article page shows; the public view and staff previews both use it."""
    return {
        "article": article,
        "comments": article.comments.approved(),
        "comment_form": CommentForm() if article.accepts_comments() else None,
    }


class ArticleDetailView(DetailView):
    def get_queryset(self):
        return Article.objects.published().select_related("region")

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **article_page_context(self.request, self.object)}


# --- Corrections ------------------------------------------------------------------------------


class CorrectionListView(ListView):
    """Every correction and clarification on a published article, newest first."""

    template_name = "articles/correction_list.html"
    context_object_name = "corrections"
    paginate_by = 30

    def get_queryset(self):
        return Correction.objects.public().select_related("article").order_by("-created_at", "-id")


# --- Comments (issue 5) -----------------------------------------------------------------------


def comment(request, pk):
    """A reader posts a comment: refused on a closed article, kept with its errors when invalid."""
    article = get_object_or_404(Article.objects.published(), pk=pk)
    if request.method != "POST":  # e.g. reloading the page that showed the form's errors
        return redirect(f"{article.get_absolute_url()}#comments")
    if not article.accepts_comments():
        return comments_closed(request, article)
    form = CommentForm(request.POST)
    ip_address = spam.client_ip(request)
    if spam.rate_limited(ip_address):
        form.add_error(
            None, _("أرسلت تعليقات كثيرة في وقت قصير. انتظر بضع دقائق ثم أعد المحاولة؛ نصّك محفوظ هنا.")
        )
        status = 429
    elif form.is_valid():
        ua = request.headers.get("user-agent", "")
        try:
            posted = workflow.post_comment(
                article, **form.comment_data(), ip_address=ip_address, user_agent=ua
            )
        except workflow.CommentsClosed:
            return comments_closed(request, article)
        if posted.status == posted.Status.APPROVED:
            notice = _("شكرًا لك. نُشر تعليقك.")
        else:  # held and spam read the same: a spammer learns nothing
            notice = _("شكرًا لك. تعليقك في انتظار المراجعة، وسيظهر بعد موافقة هيئة التحرير.")
        messages.success(request, notice, extra_tags="comment")
        return redirect(f"{article.get_absolute_url()}#comments")
    else:
        status = 400
    context = {**article_page_context(request, article), "object": article, "comment_form": form}
    return render(request, "articles/article_detail.html", context, status=status)


def comments_closed(request, article):
    """403, saying why, with the reader's text given back so nothing typed is lost."""
    context = {"article": article, "body": request.POST.get("body", "")[:3000]}
    return render(request, "articles/comment_closed.html", context, status=403)


# --- Previews: staff, and outside reviewers with a signed link -------------------------------


def _render_preview(request, article, *, shared=False):
    context = {**article_page_context(request, article), "is_preview": True, "is_shared_preview": shared}
    response = render(request, "articles/article_preview.html", context)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@never_cache
@login_required
def preview(request, pk):
    """Any article as the public page will show it, for staff allowed to see it in the admin."""
    if not (request.user.is_staff and request.user.has_perm("articles.view_article")):
        raise Http404
    article = get_object_or_404(Article.objects.select_related("region"), pk=pk)
    return _render_preview(request, article)


@never_cache
def shared_preview(request, token):
    """One article for a reader without an account; once the article is live, its public page."""
    try:
        pk, issued_at = previews.read_token(token)
        article = get_object_or_404(Article.objects.select_related("region"), pk=pk)
        if article.is_published():
            return redirect(article)
        previews.check_not_published_since(article, issued_at)
    except signing.BadSignature as error:
        raise Http404 from error
    except previews.LinkExpired:
        response = render(request, "articles/preview_link_expired.html", status=410)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response
    return _render_preview(request, article, shared=True)
