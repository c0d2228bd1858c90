package org.bayeskit.scaladsl

import java.nio.file.Files

import scala.util.Using

import org.bayeskit.Status
import org.scalatest.funsuite.AnyFunSuite

class ScalaApiSpec extends AnyFunSuite {

  test("posteriors are case classes: immutable, equal by value, the Java API's numbers") {
    val a = Beta.uniform.update(20, 980)
    assert(a == Beta(21, 981))
    assert(Beta.uniform == Beta(1, 1))
    val j = new org.bayeskit.Beta(21, 981)
    assert(a.mean == j.mean)
    val Interval(lo, hi) = a.interval(0.95)
    assert(lo == j.interval(0.95).lo && hi == j.interval(0.95).hi)
    assert(a.interval(0.95).contains(a.mean))
    assert(Beta.uniform.mode.isEmpty && a.mode.isDefined)
    assert(Beta.uniform.observe(Seq(true, false, true)) == Beta(3, 2))
    val b = Beta(31, 971)
    assert(a.compare(b).probBGreater == j.compare(new org.bayeskit.Beta(31, 971)).probBGreater)
    val s = a.compareSummary(b, 0.9)
    val c = a.compare(b)
    // The summary's report covers the lift quantiles too; the numbers are the comparison's.
    assert(s.comparison == c.copy(method = s.method) && s.lift.contains(s.liftMedian))

    assert(Gamma(2, 1).update(7, 3) == Gamma(9, 4))
    assert(Gamma(2, 1).update(Seq(1.0 -> 1.0, 4.0 -> 2.0)) == Gamma(7, 4))
    assert(Gamma(9, 4).mean == 2.25)
    assert(NormalGamma(0, 1, 1, 1).meanVariance.isEmpty && NormalGamma(0, 1, 2, 2).meanVariance.isDefined)
    val n = NormalKnownVar(0, 10, 2).update(Seq(1.5, 2.5))
    assert(n.mean > 1.9 && n.mean < 2.0)
    assert(NormalGamma(0, 1, 2, 2).update(Seq(1.0, 2.0)).kappa == 3)
    val d = Dirichlet(1, 2, 3).update(Seq(4, 0, 1))
    assert(d == Dirichlet(Vector(5.0, 2.0, 4.0)))
    assert(math.abs(d.mean.sum - 1) < 1e-15)
    assert(Dirichlet(1, 1).mode.isEmpty)
  }

  test("Either variants return Left with the status; plain constructors throw") {
    val left = Beta.of(0, 1)
    assert(left.left.exists(_.status == Status.INVALID_ARGUMENT))
    assert(Beta.of(2, 3) == Right(Beta(2, 3)))
    assert(Gamma.of(1, -1).isLeft && NormalKnownVar.of(0, -1, 1).isLeft && NormalGamma.of(0, 1, 0, 1).isLeft)
    assert(Dirichlet.of(Seq(1.0)).isLeft)
    val e = intercept[org.bayeskit.BayeskitException](Beta(Double.NaN, 1))
    assert(e.status == Status.INVALID_ARGUMENT)
    assert(LogisticModel.fromBytes(Array[Byte](1, 2, 3)).left.exists(_.status == Status.CORRUPT))
    assert(DmStats.fromBytes(Array[Byte](1, 2, 3)).isLeft)
  }

  test("resources work with scala.util.Using and refuse use after close") {
    val draws = Using.resource(Rng(42))(rng => Beta(3, 7).sample(rng, 5))
    val again = Using.resource(Rng(42))(rng => Beta(3, 7).sample(rng, 5))
    assert(draws.sameElements(again))
    val rng = Rng(1)
    rng.close()
    rng.close()
    assertThrows[IllegalStateException](Beta(3, 7).sample(rng, 1))
    val r = Using.Manager { use =>
      val h = use(Hypotheses(Seq(0.5, 0.3, 0.2)))
      h.update(Seq(0.1, 0.4, 0.8))
      (h.map, h.posterior.sum)
    }
    assert(r.isSuccess && r.get._1 == 2 && math.abs(r.get._2 - 1) < 1e-12)
  }

  test("Dirichlet-multinomial: fit, prior, ranking") {
    Using.resource(DmStats(2)) { stats =>
      stats.addRows(Seq(Seq(1L, 9L), Seq(0L, 4L), Seq(3L, 7L), Seq(2L, 2L), Seq(10L, 30L), Seq(0L, 1L), Seq(5L, 45L), Seq(4L, 1L)))
      assert(stats.rows == 8)
      val fit = stats.fit()
      assert(fit.outcome == DmOutcome.Converged && fit.converged)
      val javaFit = Using.resource(org.bayeskit.DmStats.fromBytes(stats.toBytes))(_.fit(org.bayeskit.DmFitOptions.defaults()))
      assert(fit.alpha == javaFit.alpha.toIndexedSeq)
      Using.resource(fit.prior.get) { prior =>
        val scores = prior.scoreRows(Seq(Seq(0L, 1L), Seq(0L, 100L)), category = 1, by = Rank.Lower(0.9))
        assert(scores(1) > scores(0))
        assert(prior.scoreRows(Seq(Seq(0L, 1L)), 1, Rank.Mean).head == prior.posteriorMean(Seq(0L, 1L))(1))
        assert(prior.interval(Seq(2L, 5L), 1, 0.9).width > 0)
      }
      Using.resource(DmStats(2)) { s =>
        s.add(Seq(1L, 0L))
        s.add(Seq(0L, 1L))
        assert(s.fit().prior.isEmpty, "a not-identifiable fit is no prior")
      }
    }
  }

  test("logistic: train, score rows and batches, evaluate, round-trip") {
    val rows = Seq(Seq(0 -> 1.0, 1 -> 2.0), Seq(2 -> 1.0), Seq(0 -> 0.5, 3 -> 1.0), Seq(1 -> 3.0), Seq(2 -> 1.0, 3 -> 2.0), Seq(0 -> 1.5))
    val labels = Seq(0, 1, 2, 1, 2, 0)
    Using.Manager { use =>
      val data = use(LogisticData(rows, labels, classes = 3, features = 4))
      val model = use(LogisticModel.train(data, TrainOptions(lambda = 0.01)))
      assert(model.labels == IndexedSeq("0", "1", "2"))
      assert(model.info.converged && model.info.rows == 6)
      val single = rows.map(model.predictProba)
      val out = new Array[Double](18)
      model.predictProbaBatch(rows.scanLeft(0)(_ + _.size).toArray, rows.flatten.map(_._1).toArray, rows.flatten.map(_._2).toArray, out)
      assert(single.flatten == out.toSeq, "batch equals single rows bit for bit")
      val e = model.evaluate(data)
      assert(e.rows == 6 && e.confusion.size == 3 && e.confusion.forall(_.size == 3))
      val back = use(LogisticModel.fromBytes(model.toBytes).toOption.get)
      assert(back.toJson == model.toJson)
    }.get
  }

  test("logistic: phrases, feature ids as Option") {
    val dir = Files.createTempDirectory("bayeskit-scala")
    val f = dir.resolve("tips.tsv")
    try {
      Files.writeString(f, "positive\tgreat:1\tcoffee:1\nnegative\trude:1\nnegative\tslow:1\tcoffee:1\npositive\tgreat:2\n")
      Using.Manager { use =>
        val data = use(LogisticData.readPhrases(f))
        val model = use(LogisticModel.train(data, TrainOptions(lambda = 0.01)))
        assert(model.featureId("never seen").isEmpty)
        val row = Seq("great").flatMap(model.featureId).map(_ -> 1.0)
        val p = model.labels.zip(model.predictProba(row)).toMap
        assert(p("positive") > p("negative"))
      }.get
    } finally {
      Files.deleteIfExists(f)
      Files.delete(dir)
    }
  }

  test("Scala enumerations, not Java enums: DmOutcome, IdBase, LaplaceMethod, CvChoice") {
    Using.resource(DmStats(2)) { s =>
      s.add(Seq(1L, 0L))
      s.add(Seq(0L, 1L))
      assert(s.fit().outcome == DmOutcome.NotIdentifiable)
    }
    val outcome: DmOutcome = DmOutcome.Converged
    val described = outcome match { // exhaustive over a sealed trait
      case DmOutcome.Converged | DmOutcome.NotConverged => "fitted"
      case DmOutcome.NoOverdispersion | DmOutcome.NotIdentifiable => "degenerate"
    }
    assert(described == "fitted")
    assert(DmOutcome.values.size == org.bayeskit.DmOutcome.values.length)
    assert(IdBase.values.map(_.toJava) == org.bayeskit.IdBase.values.toIndexedSeq)
    val dir = Files.createTempDirectory("bayeskit-scala")
    val f = dir.resolve("a.svm")
    try {
      Files.writeString(f, "0 0:1 2:1\n1 1:2\n")
      Using.resource(LogisticData.readSvmlight(f, ReadOptions(idBase = IdBase.Zero)))(d => assert(d.features == 3))
      Using.resource(LogisticData.readSvmlight(f, ReadOptions(idBase = IdBase.Auto)))(d => assert(d.features == 3))
    } finally {
      Files.deleteIfExists(f)
      Files.delete(dir)
    }
  }

  private val rows = Seq(Seq(0 -> 1.0, 1 -> 2.0), Seq(2 -> 1.0), Seq(0 -> 0.5, 3 -> 1.0), Seq(1 -> 3.0), Seq(2 -> 1.0, 3 -> 2.0), Seq(0 -> 1.5))
  private val labels = Seq(0, 1, 2, 1, 2, 0)
  private val row = Seq(3 -> 1.0, 0 -> 2.0)

  test("uncertainty: covariances, moderated and Monte Carlo predictions equal the Java API's") {
    Using.Manager { use =>
      val data = use(LogisticData(rows, labels, classes = 3, features = 4))
      val opts = TrainOptions(lambda = 0.01, l1Ratio = 0.3)
      val model = use(LogisticModel.train(data, opts))
      val jdata = use(org.bayeskit.LogisticData.fromCsr(Array(0, 2, 3, 5, 6, 8, 9), Array(0, 1, 2, 0, 3, 1, 2, 3, 0),
        Array(1, 2, 1, 0.5, 1, 3, 1, 2, 1.5), 4, Array(0, 1, 2, 1, 2, 0), 3, null))
      val jmodel = use(org.bayeskit.LogisticModel.train(jdata, opts.toJava))
      assert(model.laplaceMethod.contains(LaplaceMethod.Blocks))
      assert(model.covariance(1) == jmodel.covariance(1).toIndexedSeq.map(_.toIndexedSeq))
      assert(model.interceptCovariance.size == 3)
      val m = model.predictModerated(row)
      val (jp, jv) = (new Array[Double](3), new Array[Double](3))
      jmodel.predictModerated(Array(3, 0), Array(1.0, 2.0), jp, jv)
      assert(m == Moderated(jp.toIndexedSeq, jv.toIndexedSeq))
      val out = new Array[Double](18)
      val vars = new Array[Double](18)
      model.predictModeratedBatch(rows.scanLeft(0)(_ + _.size).toArray, rows.flatten.map(_._1).toArray, rows.flatten.map(_._2).toArray, out, Some(vars))
      assert(out.toSeq.take(3) == model.predictModerated(rows.head).proba)
      assert(vars.toSeq.take(3) == model.predictModerated(rows.head).logitVariance)

      val a = Using.resource(Rng(7))(rng => model.predictMc(row, rng, McOptions(draws = 500, level = 0.9)))
      val b = Using.resource(Rng(7))(rng => model.predictMc(row, rng, McOptions(draws = 500, level = 0.9)))
      assert(a == b, "reproducible for a seed")
      val (jm, jl, jh) = (new Array[Double](3), new Array[Double](3), new Array[Double](3))
      Using.resource(new org.bayeskit.Rng(7))(r => jmodel.predictMc(Array(3, 0), Array(1.0, 2.0), r, new org.bayeskit.McOptions(500, 0.9), jm, jl, jh))
      assert(a.mean == jm.toIndexedSeq && a.interval == jl.indices.map(i => Interval(jl(i), jh(i))))
      assert(a.interval.zip(a.mean).forall { case (i, x) => i.contains(x) })

      val none = use(LogisticModel.train(data, opts.copy(laplace = None)))
      assert(none.laplaceMethod.isEmpty)
      val e = intercept[org.bayeskit.BayeskitException](none.predictModerated(row))
      assert(e.status == Status.INVALID_ARGUMENT)
      val full = use(none.laplace(data, LaplaceMethod.Full))
      assert(full.laplaceMethod.contains(LaplaceMethod.Full))
      assertThrows[IllegalArgumentException](model.predictModeratedBatch(Array(0, 1), Array(0), Array(1.0), new Array[Double](2)))
    }.get
  }

  test("path: steps as case classes, CV as Option") {
    Using.Manager { use =>
      val data = use(LogisticData(rows, labels, classes = 3, features = 4))
      val plain = use(LogisticPath.fit(data, path = PathOptions(Lambdas.Grid(n = 6, minRatio = 0.01))))
      assert(plain.cv.isEmpty && plain.chosenModel.isEmpty && plain.foldLosses(0).isEmpty)
      assert(plain.steps.head.lambda == plain.lambdaMax && plain.steps.head.nnz == 0)
      assert(plain.steps.forall(_.cv.isEmpty))
      val m0 = use(plain.model(plain.steps.size - 1))
      assert(m0.laplaceMethod.contains(LaplaceMethod.Blocks))

      val cvOpts = PathOptions(Lambdas.Grid(n = 8, minRatio = 0.01), Some(CrossValidation(folds = 3, seed = 42, choice = CvChoice.OneSe)))
      val path = use(LogisticPath.fit(data, TrainOptions(lambda = 0.01, l1Ratio = 0.3), cvOpts))
      val jdata = use(org.bayeskit.LogisticData.fromCsr(Array(0, 2, 3, 5, 6, 8, 9), Array(0, 1, 2, 0, 3, 1, 2, 3, 0),
        Array(1, 2, 1, 0.5, 1, 3, 1, 2, 1.5), 4, Array(0, 1, 2, 1, 2, 0), 3, null))
      val jpath = use(org.bayeskit.LogisticPath.fit(jdata, TrainOptions(lambda = 0.01, l1Ratio = 0.3).toJava, cvOpts.toJava))
      val cv = path.cv.get
      assert(cv == CvSummary(3, 42, jpath.cv.get.best, jpath.cv.get.oneSe, jpath.cv.get.chosen, CvChoice.OneSe))
      assert(path.steps.map(_.lambda) == (0 until jpath.size).map(jpath.step(_).lambda))
      assert(path.steps(cv.chosen).cv.contains(CvLoss(jpath.step(cv.chosen).cvMean, jpath.step(cv.chosen).cvSe)))
      assert(path.foldLosses(cv.chosen).get == jpath.foldLosses(cv.chosen).toIndexedSeq)
      val chosen = use(path.chosenModel.get)
      assert(chosen.laplaceMethod.contains(LaplaceMethod.Blocks))
      val explicit = use(LogisticPath.fit(data, path = PathOptions(Lambdas.Explicit(Seq(0.5, 0.1))), classWeights = Some(Seq(1.0, 2.0, 0.5))))
      assert(explicit.steps.map(_.lambda) == Seq(0.5, 0.1) && !explicit.stoppedEarly)
      assertThrows[org.bayeskit.BayeskitException](LogisticPath.fit(data, path = PathOptions(Lambdas.Explicit(Seq(0.1, 0.5)))))
    }.get
  }

  test("comparisons carry their method report, as the Java API's") {
    val a = Beta(21, 981)
    val b = Beta(31, 971)
    val jc = new org.bayeskit.Beta(21, 981).compare(new org.bayeskit.Beta(31, 971))
    val c = a.compare(b)
    assert(c.method.method == ComparisonMethod.Quadrature)
    assert(c.method.work == jc.method.work && c.method.errorEstimate == jc.method.errorEstimate)
    assert(c.method.work > 0 && c.method.errorEstimate < 1e-9)
    assert(Gamma(100, 10).compare(Gamma(120, 10)).method == MethodReport(ComparisonMethod.ClosedForm, 0, 0.0))
    assert(Gamma(5e5, 1e4).compare(Gamma(6e5, 1.2e4)).method.method == ComparisonMethod.Quadrature)
    val mc = Using.resource(Rng(8))(rng => a.compareMonteCarlo(b, 30000, rng))
    assert(mc.method.method == ComparisonMethod.MonteCarlo && mc.method.work == 30000)
    val p = mc.probBGreater
    assert(math.abs(mc.method.errorEstimate - math.sqrt(p * (1 - p) / 30000)) < 1e-15)
    assert(math.abs(p - c.probBGreater) < 5 * mc.method.errorEstimate)
    val s = a.compareSummary(b)
    assert(s.method == s.comparison.method && s.method.method == ComparisonMethod.Quadrature)
    assert(s.method.work > c.method.work)
    assert(Gamma(100, 10).compareSummary(Gamma(120, 10)).method.method == ComparisonMethod.ClosedForm)
    assert(ComparisonMethod.values == IndexedSeq(ComparisonMethod.ClosedForm, ComparisonMethod.Quadrature, ComparisonMethod.MonteCarlo))
  }

  test("probBest: one probability per arm, summing to 1, the Java API's numbers") {
    val arms = Seq(Beta(21, 981), Beta(31, 971), Beta(26, 976))
    val r = Beta.probBest(arms)
    val j = org.bayeskit.Beta.probBest(java.util.List.of(new org.bayeskit.Beta(21, 981), new org.bayeskit.Beta(31, 971),
      new org.bayeskit.Beta(26, 976)))
    assert(r.probabilities == j.probabilities.toIndexedSeq)
    assert(r.method.method == ComparisonMethod.Quadrature && r.method.work == j.method.work)
    assert(math.abs(r.probabilities.sum - 1) < 1e-12)
    assert(r.probabilities(1) > r.probabilities(2) && r.probabilities(2) > r.probabilities(0))
    assert(math.abs(Beta.probBest(arms.take(2)).probabilities(1) - arms(0).compare(arms(1)).probBGreater) < 1e-12)
    assert(r == Beta.probBest(arms))
    val rates = Vector(Gamma(100, 10), Gamma(120, 10), Gamma(110, 10))
    val g = Gamma.probBest(rates)
    assert(g.probabilities.size == 3 && math.abs(g.probabilities.sum - 1) < 1e-12)
    assert(math.abs(Gamma.probBest(rates.take(2)).probabilities(1) - rates(0).compare(rates(1)).probBGreater) < 1e-12)
    assert(ProbBest.MaxArms == 100)
    assert(Beta.probBest(Seq.tabulate(ProbBest.MaxArms)(i => Beta(21 + 0.1 * i, 981))).probabilities.size == 100)
    assertThrows[IllegalArgumentException](Beta.probBest(Seq.empty))
    assertThrows[IllegalArgumentException](Gamma.probBest(Nil))
    assertThrows[IllegalArgumentException](Beta.probBest(Seq.fill(ProbBest.MaxArms + 1)(Beta(1, 1))))
    assertThrows[IllegalArgumentException](Gamma.probBest(Seq.fill(ProbBest.MaxArms + 1)(Gamma(1, 1))))
  }

  test("every default of the Scala options is the native library's (through the Java records' defaults())") {
    import org.bayeskit.{CompareOptions => JCompareOptions, DmFitOptions => JDmFitOptions, McOptions => JMcOptions, PathOptions => JPathOptions, ReadOptions => JReadOptions, TrainOptions => JTrainOptions}
    assert(TrainOptions().toJava == JTrainOptions.defaults())
    assert(ReadOptions().toJava == JReadOptions.defaults())
    assert(DmFitOptions().toJava == JDmFitOptions.defaults())
    assert(McOptions().toJava == JMcOptions.defaults())
    assert(PathOptions().toJava == JPathOptions.defaults())
    val jp = JPathOptions.defaults()
    assert(CrossValidation(folds = 3) == CrossValidation(3, jp.seed, CvChoice.fromJava(jp.choice)))
    val (a, b) = (Beta(21, 981), Beta(31, 971))
    assert(a.compareSummary(b) == a.compareSummary(b, JCompareOptions.defaults().level))
    val (g, h) = (Gamma(100, 10), Gamma(120, 10))
    assert(g.compareSummary(h) == g.compareSummary(h, JCompareOptions.defaults().level))
  }

  test("priors from past experiments and the always-valid test: the Java API's numbers") {
    val fit = Priors.beta(Seq(12L, 30L, 7L, 45L, 20L, 9L, 33L, 15L), Seq(400L, 700L, 350L, 900L, 500L, 410L, 650L, 480L))
    assert(fit.outcome == DmOutcome.Converged)
    val j = org.bayeskit.Priors.fitBeta(Array(12L, 30L, 7L, 45L, 20L, 9L, 33L, 15L), Array(400L, 700L, 350L, 900L, 500L, 410L, 650L, 480L))
    assert(fit.prior.contains(Beta(j.alpha, j.beta)))
    assert(Priors.beta(Seq(5L, 10L), Seq(100L, 200L)).prior.isEmpty)
    val g = Priors.gamma(Seq(30L, 80L, 12L, 55L, 140L, 20L), Seq(1000.0, 1500, 800, 1200, 2000, 900))
    assert(g.prior.exists(p => math.abs(p.shape - 4.520009499180942) < 1e-8))
    val last = Using.resource(AlwaysValid.proportions(0.1, 0.05)) { t =>
      Seq(((0.0, 50.0), (3.0, 80.0)), ((2.0, 150.0), (9.0, 200.0)), ((7.0, 400.0), (25.0, 500.0)), ((15.0, 900.0), (48.0, 1000.0)))
        .map { case (a, b) => t.look(a, b) }
        .last
    }
    assert(last.reject && math.abs(last.pValue - 0.003945846329683378) < 1e-14)
    assert(math.abs(AlwaysValid.bayesFactor(Beta(1, 1), (40L, 2000L), (62L, 2000L)) + 1.9509863610983302) < 1e-10)
    assert(intercept[BayeskitException](Priors.gamma(Seq(1L, 2L), Seq(1.0, 0.0))).status == Status.INVALID_ARGUMENT)
  }
}
